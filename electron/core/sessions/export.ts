import { AppError } from '../../../common/contract/errors';
import type { ExportFormat, ExportedFile, ExportedSession, PuttyTool, SessionSettings, SessionValue } from '../../../common/contract/sessions';
import { escapeWinscpValue } from './escape';
import { formatIni } from './ini';
import { serializeReg, type RegData } from './reg';
import { formatUnixSession } from './unix';

/**
 * Export files for mapped sessions. Every format goes through the same SessionSettings, so the
 * window's download and the CLI's file are the same bytes.
 */
export function usable(sessions: SessionSettings[], unix = false): SessionSettings[] {
  const bad = sessions.find((s) => (unix ? s.unixNameError : s.nameError));
  if (bad) throw new AppError('invalid-input', `Session "${bad.sessionName}": ${unix ? bad.unixNameError : bad.nameError}`);
  const seen = new Map<string, string>();
  for (const s of sessions) {
    const id = (s.registryKey ?? s.unixFile ?? s.sessionName).toLowerCase();
    const other = seen.get(id);
    if (other !== undefined) throw new AppError('invalid-input', `Two hosts map to the same ${s.tool === 'putty' ? 'PuTTY session' : 'WinSCP site'}: "${other}" and "${s.sessionName}"`);
    seen.set(id, s.sessionName);
  }
  return sessions;
}

/** WinSCP munges its string values; PuTTY stores them as they are. */
export function regData(tool: PuttyTool, v: SessionValue): RegData {
  if (v.type === 'dword') return { kind: 'dword', value: Number(v.value) };
  return { kind: 'sz', value: tool === 'winscp' ? escapeWinscpValue(String(v.value)) : String(v.value) };
}

export function regKeysFor(tool: PuttyTool, sessions: SessionSettings[]) {
  return usable(sessions).map((s) => ({
    path: s.registryKey!,
    deleteKey: false,
    values: s.values.map((v) => ({ name: v.name, data: regData(tool, v) })),
  }));
}

export function exportRegFile(tool: PuttyTool, sessions: SessionSettings[]): Buffer {
  return serializeReg(regKeysFor(tool, sessions));
}

export function exportWinscpIni(sessions: SessionSettings[]): Buffer {
  const text = formatIni(
    usable(sessions).map((s) => ({
      name: s.iniSection!,
      entries: s.values.map((v) => ({ key: v.name, value: v.type === 'dword' ? String(v.value) : escapeWinscpValue(String(v.value)) })),
    })),
  );
  return Buffer.from(text, 'utf8');
}

export function unixSessionText(s: SessionSettings): string {
  return formatUnixSession(s.values.map((v) => ({ key: v.name, value: v.value })));
}

export function exportFiles(tool: PuttyTool, format: ExportFormat, sessions: SessionSettings[]): ExportedFile[] {
  if (sessions.length === 0) throw new AppError('invalid-input', 'No hosts to export');
  const file = (name: string, mediaType: string, bytes: Buffer): ExportedFile => ({ name, mediaType, base64: bytes.toString('base64') });
  if (format === 'reg') return [file(tool === 'putty' ? 'putty-sessions.reg' : 'winscp-sites.reg', 'text/x-ms-regedit', exportRegFile(tool, sessions))];
  if (format === 'ini') {
    if (tool !== 'winscp') throw new AppError('invalid-input', 'WinSCP.ini is a WinSCP format; PuTTY exports reg or unix');
    return [file('WinSCP.ini', 'text/plain', exportWinscpIni(sessions))];
  }
  if (tool !== 'putty') throw new AppError('invalid-input', 'Unix session files are a PuTTY format; WinSCP exports reg or ini');
  // No extension: PuTTY looks the file up by its exact name (octet-stream keeps browsers from adding .txt).
  return usable(sessions, true).map((s) => file(s.unixFile!, 'application/octet-stream', Buffer.from(unixSessionText(s), 'utf8')));
}

/** The bulk export's preview: each session's keepalive, why it is that, and its warnings. */
export function exportedSessions(sessions: SessionSettings[]): ExportedSession[] {
  return sessions.map((s) => ({
    sessionName: s.sessionName,
    keepaliveSeconds: s.keepaliveSeconds,
    keepaliveOrigin: s.keepaliveOrigin,
    hostKeepaliveSeconds: s.hostKeepaliveSeconds,
    warnings: s.warnings,
  }));
}
