import type { HostRow, KeepaliveValues } from '../../../common/contract/hosts';
import { DEFAULT_INTERVAL } from '../../../common/contract/keepalive';
import type { ExportKeepalive, SessionSettings, SessionValue } from '../../../common/contract/sessions';
import { AppError } from '../../../common/contract/errors';
import { escapePuttyRegistryName, escapePuttyUnixName, escapeWinscpName } from './escape';
import { jumpOf, type JumpHop, type ResolveName } from './jump';
import { exportedKeepalive, raisedNote, type ExportedKeepalive } from './keepalive';
import { DEFAULT_SESSION, PUTTY_SESSIONS_KEY, WINSCP_SESSIONS_KEY } from './paths';

/**
 * A host's effective OpenSSH settings (as `ssh -G` computes them) -> the PuTTY session and the
 * WinSCP site that behave the same. Pure: HostRow in, settings out.
 */

export interface MapOptions {
  /** The keepalive written (default: every 60 s, a host's own shorter interval kept); see keepalive.ts. */
  keepalive?: ExportKeepalive | undefined;
  /** Resolves the jump host's name as `ssh -G` would: without it a jump host is not exported. */
  resolve?: ResolveName | undefined;
}

const sz = (name: string, value: string): SessionValue => ({ name, type: 'sz', value });
const dword = (name: string, value: number): SessionValue => ({ name, type: 'dword', value });

/** PuTTY and WinSCP *add* the two on load: always write both so a stale one cannot add to ours. */
export function splitInterval(seconds: number): { minutes: number; seconds: number } {
  return { minutes: Math.floor(seconds / 60), seconds: seconds % 60 };
}

/** The Host line's patterns as OpenSSH splits them (whitespace, double quotes group). */
export function hostPatterns(pattern: string): string[] {
  return [...pattern.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!).filter(Boolean);
}

/** The session name for a host block: its first literal pattern, else the whole pattern list. */
/** True when the Host line names at least one host literally (not only wildcards). */
export function hasLiteralPattern(host: Pick<HostRow, 'pattern'>): boolean {
  return hostPatterns(host.pattern).some((p) => !p.startsWith('!') && !/[*?]/.test(p));
}

export function sessionNameFor(host: Pick<HostRow, 'pattern'>): string {
  const literal = hostPatterns(host.pattern).find((p) => !p.startsWith('!') && !/[*?]/.test(p));
  return literal ?? host.pattern.trim();
}

function nameError(fn: () => string): { key: string | null; error: string | null } {
  try {
    return { key: fn(), error: null };
  } catch (err) {
    if (err instanceof AppError) return { key: null, error: err.message };
    throw err;
  }
}

function commonWarnings(host: HostRow, tool: 'PuTTY' | 'WinSCP'): string[] {
  const w: string[] = [];
  const c = host.connection;
  if (!host.decided) w.push(`The OpenSSH values may differ at connect time (${host.undecidedReason ?? 'a runtime Match condition'}); these are the values without it.`);
  if (/[*?]/.test(host.pattern) && sessionNameFor(host) === host.pattern.trim()) {
    w.push(`"${host.pattern}" matches many hosts; ${tool} has no host patterns. HostName is the sample "${c.hostName}": edit it, or use PuTTY's Default Settings for the keepalive.`);
  }
  const names = hostPatterns(host.pattern).filter((p) => !p.startsWith('!') && !/[*?]/.test(p));
  if (names.length > 1) {
    w.push(`This block names ${names.length} hosts (${names.join(', ')}): exports make one ${tool} session per name, each with its own effective settings; shown here: ${names[0]}.`);
  }
  for (const f of c.identityFiles) {
    if (!/\.ppk$/i.test(f)) {
      w.push(`IdentityFile ${f}: ${tool} needs a PuTTY key (.ppk). Convert it with \`puttygen ${f} -o ${f}.ppk\` and set it under Connection > SSH > Auth > Credentials.`);
    }
  }
  return w;
}

/** The keepalive written, and the warning when the host's own value was longer. */
function keepaliveFor(host: HostRow, opts: MapOptions, warnings: string[]): ExportedKeepalive {
  const k = exportedKeepalive(host.values.serverAliveInterval.value, opts.keepalive ?? DEFAULT_INTERVAL);
  const note = raisedNote(k);
  if (note) warnings.push(note);
  return k;
}

/** The jump host, or the warning that says why it cannot be written (never a value that connects elsewhere). */
function jumpFor(host: HostRow, opts: MapOptions, tool: 'PuTTY' | 'WinSCP', warnings: string[]): JumpHop | null {
  const j = jumpOf(host.connection, opts.resolve);
  if (j.kind === 'none') return null;
  if (j.kind === 'unsupported') {
    warnings.push(
      tool === 'PuTTY'
        ? `${j.via} cannot be expressed in a PuTTY session (${j.reason}): no proxy is written; PuTTY would connect to ${host.connection.hostName} directly. Set it up under Connection > Proxy by hand.`
        : `${j.via} cannot be expressed in a WinSCP site (${j.reason}): no tunnel is written; WinSCP would connect to ${host.connection.hostName} directly. Set it up under Connection > Tunnel by hand.`,
    );
    return null;
  }
  if (j.hop.undecided) warnings.push(`The jump host ${j.hop.alias}'s settings may differ at connect time (${j.hop.undecided}); these are the values without it.`);
  return j.hop;
}

/** What both programs start from: the name, the warnings so far, and the keepalive written. */
function begin(host: HostRow, sessionName: string | undefined, opts: MapOptions, tool: 'PuTTY' | 'WinSCP') {
  const warnings = commonWarnings(host, tool);
  const keepalive = keepaliveFor(host, opts, warnings);
  return { name: sessionName ?? sessionNameFor(host), c: host.connection, warnings, keepalive, ...splitInterval(keepalive.seconds) };
}

/** The fields of SessionSettings that say what was done with the keepalive and the jump host. */
function outcome(keepalive: ExportedKeepalive, hop: JumpHop | null, warnings: string[]) {
  return {
    keepaliveSeconds: keepalive.seconds,
    keepaliveOrigin: keepalive.origin,
    hostKeepaliveSeconds: keepalive.hostSeconds,
    jump: hop ? { alias: hop.alias, hostName: hop.hostName, port: hop.port, user: hop.user } : null,
    warnings,
  };
}

function ppkFile(host: HostRow): string | null {
  return host.connection.identityFiles.find((f) => /\.ppk$/i.test(f)) ?? null;
}

export function mapHostToPutty(host: HostRow, sessionName?: string, opts: MapOptions = {}): SessionSettings {
  const { name, c, warnings, keepalive, minutes, seconds } = begin(host, sessionName, opts, 'PuTTY');
  const values: SessionValue[] = [
    sz('HostName', c.hostName),
    dword('PortNumber', c.port),
    // PuTTY reads PortNumber only when Protocol names a known backend.
    sz('Protocol', 'ssh'),
    sz('UserName', c.user),
    dword('PingInterval', minutes),
    dword('PingIntervalSecs', seconds),
    dword('TCPKeepalives', host.values.tcpKeepAlive.value ? 1 : 0),
  ];
  const ppk = ppkFile(host);
  if (ppk) values.push(sz('PublicKeyFile', ppk));
  if (keepalive.seconds > 0 && host.values.serverAliveCountMax.source.kind === 'line') {
    warnings.push(
      `ServerAliveCountMax ${host.values.serverAliveCountMax.value} has no PuTTY equivalent: PuTTY's keepalives (SSH_MSG_IGNORE) expect no answer, so PuTTY keeps a dead link open until TCP gives up.`,
    );
  }
  const hop = jumpFor(host, opts, 'PuTTY', warnings);
  if (hop) {
    // ProxyMethod 6 = PROXY_SSH_TCPIP (putty.h): an SSH connection to the jump host, then a
    // direct-tcpip channel to HostName:PortNumber, as `ssh -W %h:%p` does. ProxyLocalhost=1: as in
    // OpenSSH, a target named localhost is the jump host's own, not this computer's.
    values.push(
      dword('ProxyMethod', 6),
      sz('ProxyHost', hop.hostName),
      dword('ProxyPort', hop.port),
      sz('ProxyUsername', hop.user),
      dword('ProxyLocalhost', 1),
    );
    warnings.push(
      `${hop.via} maps to PuTTY's "SSH to proxy and use port forwarding" proxy (Connection > Proxy, PuTTY 0.77 or newer): ${hop.user}@${hop.hostName}:${hop.port}. PuTTY logs in to the jump host with Pageant or the key in its Default Settings, not with this session's key.`,
    );
  }
  const reg = nameError(() => escapePuttyRegistryName(name));
  const unix = nameError(() => escapePuttyUnixName(name));
  return {
    tool: 'putty',
    sessionName: name,
    registryKey: reg.key === null ? null : `${PUTTY_SESSIONS_KEY}\\${reg.key}`,
    unixFile: unix.key,
    iniSection: null,
    values,
    ...outcome(keepalive, hop, warnings),
    nameError: reg.error,
    unixNameError: unix.error,
  };
}

export function mapHostToWinscp(host: HostRow, sessionName?: string, opts: MapOptions = {}): SessionSettings {
  const { name, c, warnings, keepalive, minutes, seconds } = begin(host, sessionName, opts, 'WinSCP');
  const values: SessionValue[] = [
    sz('HostName', c.hostName),
    dword('PortNumber', c.port),
    sz('UserName', c.user),
    // Missing values come from the user's own Default Settings site: write all three.
    dword('PingType', keepalive.seconds > 0 ? 1 : 0),
    dword('PingInterval', minutes),
    dword('PingIntervalSecs', seconds),
  ];
  const ppk = ppkFile(host);
  if (ppk) values.push(sz('PublicKeyFile', ppk));
  if (host.values.tcpKeepAlive.source.kind === 'line') {
    warnings.push(`TCPKeepAlive ${host.values.tcpKeepAlive.value ? 'yes' : 'no'} has no WinSCP equivalent (WinSCP has no TCP keepalive setting).`);
  }
  const hop = jumpFor(host, opts, 'WinSCP', warnings);
  if (hop) {
    values.push(dword('Tunnel', 1), sz('TunnelHostName', hop.hostName), dword('TunnelPortNumber', hop.port), sz('TunnelUserName', hop.user));
    warnings.push(
      `${hop.via} maps to WinSCP's SSH tunnel (Connection > Tunnel): ${hop.user}@${hop.hostName}:${hop.port}. WinSCP logs in to the jump host with Pageant or a key you pick there (its own field, TunnelPublicKeyFile).`,
    );
  }
  const reg = nameError(() => escapeWinscpName(name));
  return {
    tool: 'winscp',
    sessionName: name,
    registryKey: reg.key === null ? null : `${WINSCP_SESSIONS_KEY}\\${reg.key}`,
    unixFile: null,
    iniSection: reg.key === null ? null : `Sessions\\${reg.key}`,
    values,
    ...outcome(keepalive, hop, warnings),
    nameError: reg.error,
    unixNameError: null,
  };
}

/**
 * PuTTY's "Default Settings": only the keepalive, from the `Host *` values (the article's advice),
 * under the same rule as every session. null when it would add no keepalive: importing a 0 there
 * would switch off a keepalive the user already set in PuTTY.
 */
export function puttyDefaultSettings(values: KeepaliveValues, mode: ExportKeepalive = DEFAULT_INTERVAL): SessionSettings | null {
  const keepalive = exportedKeepalive(values.serverAliveInterval.value, mode);
  if (keepalive.seconds === 0) return null;
  const { minutes, seconds } = splitInterval(keepalive.seconds);
  const warnings = ['PuTTY copies Default Settings into a session only when the session is created: existing saved sessions keep their own keepalive.'];
  const note = raisedNote(keepalive);
  if (note) warnings.push(note.replace('ServerAliveInterval', 'Host *: ServerAliveInterval'));
  return {
    tool: 'putty',
    sessionName: DEFAULT_SESSION,
    registryKey: `${PUTTY_SESSIONS_KEY}\\${escapePuttyRegistryName(DEFAULT_SESSION)}`,
    unixFile: escapePuttyUnixName(DEFAULT_SESSION),
    iniSection: null,
    values: [dword('PingInterval', minutes), dword('PingIntervalSecs', seconds), dword('TCPKeepalives', values.tcpKeepAlive.value ? 1 : 0)],
    ...outcome(keepalive, null, warnings),
    nameError: null,
    unixNameError: null,
  };
}
