import type { ImportedSession, PuttyTool } from '../../../common/contract/sessions';
import { unescapePuttyRegistryName, unescapePuttyUnixName, unescapeWinscp } from './escape';
import { PUTTY_SESSIONS_KEY, WINSCP_SESSIONS_KEY } from './paths';
import type { IniSection } from './ini';
import type { RegData, RegKeyBlock } from './reg';

/**
 * Reading saved sessions back the way PuTTY and WinSCP load them: missing values take the
 * program's built-in defaults, a value of the wrong registry type is ignored (PuTTY checks types
 * strictly), and keepalive seconds are PingInterval x 60 + PingIntervalSecs.
 */
type Getter = {
  str(name: string): string | undefined;
  int(name: string): number | undefined;
};

/** Backends PuTTY knows by name: with any other Protocol, PortNumber is not read. */
const PUTTY_PROTOCOLS = new Set(['ssh', 'telnet', 'rlogin', 'raw', 'serial', 'supdup', 'ssh-connection']);

function puttySession(name: string, g: Getter, file: string, line: number, warnings: string[]): ImportedSession {
  const protocol = g.str('Protocol');
  const known = protocol !== undefined && PUTTY_PROTOCOLS.has(protocol);
  if (!known && g.int('PortNumber') !== undefined && g.int('PortNumber') !== 22) {
    warnings.push(`PortNumber ${g.int('PortNumber')} is ignored: PuTTY reads it only when Protocol is set (e.g. Protocol=ssh)`);
  }
  return {
    tool: 'putty',
    name,
    hostName: g.str('HostName') ?? '',
    port: known ? (g.int('PortNumber') ?? 22) : 22,
    userName: g.str('UserName') ?? '',
    keepaliveSeconds: Math.max(0, (g.int('PingInterval') ?? 0) * 60 + (g.int('PingIntervalSecs') ?? 0)),
    tcpKeepalives: (g.int('TCPKeepalives') ?? 0) !== 0,
    pingType: null,
    file,
    line,
    warnings,
  };
}

function winscpSession(name: string, g: Getter, file: string, line: number, warnings: string[]): ImportedSession {
  const pingType = g.int('PingType') ?? 0;
  // WinSCP's default interval is 30 s; a missing part keeps the default's part, a total of 0 becomes 30.
  let total = (g.int('PingInterval') ?? 0) * 60 + (g.int('PingIntervalSecs') ?? 30);
  if (total <= 0) total = 30;
  const userName = g.str('UserName');
  return {
    tool: 'winscp',
    name,
    hostName: unescapeWinscp(g.str('HostName') ?? ''),
    port: g.int('PortNumber') ?? 22,
    userName: userName === undefined ? '' : unescapeWinscp(userName),
    keepaliveSeconds: pingType === 0 ? 0 : total,
    tcpKeepalives: null,
    pingType,
    file,
    line,
    warnings,
  };
}

/** Sessions in .reg blocks, applied in order as `reg import` would (a later block overrides). */
export function sessionsFromReg(keys: RegKeyBlock[], file: string): ImportedSession[] {
  const state = new Map<string, { tool: PuttyTool; key: string; line: number; values: Map<string, RegData> }>();
  const roots: Array<[PuttyTool, string]> = [
    ['putty', PUTTY_SESSIONS_KEY],
    ['winscp', WINSCP_SESSIONS_KEY],
  ];
  for (const k of keys) {
    for (const [tool, root] of roots) {
      const lower = k.path.toLowerCase();
      const rootLower = root.toLowerCase();
      if (k.deleteKey && (lower === rootLower || rootLower.startsWith(lower + '\\'))) {
        for (const [id, s] of state) if (s.tool === tool) state.delete(id);
        continue;
      }
      if (!lower.startsWith(rootLower + '\\')) continue;
      const sub = k.path.slice(root.length + 1);
      if (sub.includes('\\')) continue; // a subkey of a session: not a session
      const id = `${tool}:${sub.toLowerCase()}`;
      if (k.deleteKey) {
        state.delete(id);
        continue;
      }
      const s = state.get(id) ?? { tool, key: sub, line: k.line, values: new Map<string, RegData>() };
      for (const v of k.values) {
        if (v.data.kind === 'delete') s.values.delete(v.name.toLowerCase());
        else s.values.set(v.name.toLowerCase(), v.data);
      }
      state.set(id, s);
    }
  }
  const out: ImportedSession[] = [];
  for (const s of state.values()) {
    const warnings: string[] = [];
    const get = (name: string, kind: 'sz' | 'dword'): RegData | undefined => {
      const d = s.values.get(name.toLowerCase());
      if (d && d.kind !== kind) {
        warnings.push(`${name} has the wrong registry type (${d.kind === 'other' ? 'binary' : d.kind}, expected ${kind === 'sz' ? 'REG_SZ' : 'REG_DWORD'}): ${s.tool === 'putty' ? 'PuTTY' : 'WinSCP'} ignores it`);
        return undefined;
      }
      return d;
    };
    const g: Getter = {
      str: (n) => {
        const d = get(n, 'sz');
        return d?.kind === 'sz' ? d.value : undefined;
      },
      int: (n) => {
        const d = get(n, 'dword');
        return d?.kind === 'dword' ? (d.value | 0) : undefined;
      },
    };
    if (s.tool === 'putty') out.push(puttySession(unescapePuttyRegistryName(s.key), g, file, s.line, warnings));
    else out.push(winscpSession(unescapeWinscp(s.key), g, file, s.line, warnings));
  }
  return out;
}

/** C's atoi: leading spaces, optional sign, digits; anything else gives 0. */
export function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m ? Number.parseInt(m[1]!, 10) | 0 : 0;
}

export function sessionsFromIni(sections: IniSection[], file: string): ImportedSession[] {
  const out: ImportedSession[] = [];
  for (const sec of sections) {
    if (!/^sessions\\/i.test(sec.name)) continue;
    const key = sec.name.slice('Sessions\\'.length);
    const map = new Map(sec.entries.map((e) => [e.key.toLowerCase(), e.value]));
    const g: Getter = {
      str: (n) => map.get(n.toLowerCase()),
      int: (n) => {
        const v = map.get(n.toLowerCase());
        return v === undefined ? undefined : atoi(v);
      },
    };
    out.push(winscpSession(unescapeWinscp(key), g, file, sec.line, []));
  }
  return out;
}

export function sessionFromUnixFile(fileName: string, entries: Map<string, { value: string }>, file: string): ImportedSession {
  const g: Getter = {
    str: (n) => entries.get(n)?.value,
    int: (n) => {
      const v = entries.get(n)?.value;
      return v === undefined ? undefined : atoi(v);
    },
  };
  return puttySession(unescapePuttyUnixName(fileName), g, file, 0, []);
}
