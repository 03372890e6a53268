import type { HostRow, KeepaliveValues } from '../../../common/contract/hosts';
import type { SessionSettings, SessionValue } from '../../../common/contract/sessions';
import { AppError } from '../../../common/contract/errors';
import { escapePuttyRegistryName, escapePuttyUnixName, escapeWinscpName } from './escape';
import { DEFAULT_SESSION, PUTTY_SESSIONS_KEY, WINSCP_SESSIONS_KEY } from './paths';

/**
 * A host's effective OpenSSH settings (as `ssh -G` computes them) -> the PuTTY session and the
 * WinSCP site that behave the same. Pure: HostRow in, settings out.
 */

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

interface JumpHop {
  user: string | null;
  host: string;
  port: number | null;
}

/** `[user@]host[:port]` or `ssh://[user@]host[:port]`, a single hop; null when it is a list or unparsable. */
export function parseJump(spec: string): JumpHop | null {
  if (spec.includes(',')) return null;
  let s = spec.startsWith('ssh://') ? spec.slice(6) : spec;
  let user: string | null = null;
  const at = s.lastIndexOf('@');
  if (at >= 0) {
    user = s.slice(0, at);
    s = s.slice(at + 1);
  }
  let port: number | null = null;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracket) {
    s = bracket[1]!;
    port = bracket[2] ? Number(bracket[2]) : null;
  } else {
    const m = /^([^:]+)(?::(\d+))?$/.exec(s);
    if (!m) return null;
    s = m[1]!;
    port = m[2] ? Number(m[2]) : null;
  }
  if (!s || (port !== null && (port < 1 || port > 65535))) return null;
  return { user, host: s, port };
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
  if (c.proxyCommand) {
    w.push(`ProxyCommand is not exported: ${tool === 'PuTTY' ? "PuTTY's \"Local\" proxy type (ProxyMethod 5) runs a command with %host/%port instead of %h/%p" : 'WinSCP has no proxy command'}; set it up by hand.`);
  }
  return w;
}

function ppkFile(host: HostRow): string | null {
  return host.connection.identityFiles.find((f) => /\.ppk$/i.test(f)) ?? null;
}

export function mapHostToPutty(host: HostRow, sessionName?: string): SessionSettings {
  const name = sessionName ?? sessionNameFor(host);
  const c = host.connection;
  const interval = host.values.serverAliveInterval.value;
  const { minutes, seconds } = splitInterval(interval);
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
  const warnings = commonWarnings(host, 'PuTTY');
  if (interval > 0 && host.values.serverAliveCountMax.source.kind === 'line') {
    warnings.push(
      `ServerAliveCountMax ${host.values.serverAliveCountMax.value} has no PuTTY equivalent: PuTTY's keepalives (SSH_MSG_IGNORE) expect no answer, so PuTTY keeps a dead link open until TCP gives up.`,
    );
  }
  if (c.proxyJump && c.proxyJump !== 'none') {
    const hop = parseJump(c.proxyJump);
    if (hop) {
      values.push(dword('ProxyMethod', 6), sz('ProxyHost', hop.host), dword('ProxyPort', hop.port ?? 22));
      if (hop.user) values.push(sz('ProxyUsername', hop.user));
      warnings.push(
        `ProxyJump ${c.proxyJump} maps to PuTTY's "SSH to proxy and use port forwarding" proxy type (ProxyMethod 6), which needs PuTTY 0.77 or newer; older versions do not know it. If "${hop.host}" is an alias in your ssh config, save a PuTTY session with that name: PuTTY 0.77+ uses a saved session's settings for the proxy.`,
      );
    } else {
      warnings.push(`ProxyJump ${c.proxyJump} (several hops) is not exported: PuTTY 0.77+ chains jump hosts only through saved sessions whose own proxy is the previous hop.`);
    }
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
    keepaliveSeconds: interval,
    warnings,
    nameError: reg.error,
    unixNameError: unix.error,
  };
}

export function mapHostToWinscp(host: HostRow, sessionName?: string): SessionSettings {
  const name = sessionName ?? sessionNameFor(host);
  const c = host.connection;
  const interval = host.values.serverAliveInterval.value;
  const { minutes, seconds } = splitInterval(interval);
  const values: SessionValue[] = [
    sz('HostName', c.hostName),
    dword('PortNumber', c.port),
    sz('UserName', c.user),
    // Missing values come from the user's own Default Settings site: write all three.
    dword('PingType', interval > 0 ? 1 : 0),
    dword('PingInterval', minutes),
    dword('PingIntervalSecs', seconds),
  ];
  const ppk = ppkFile(host);
  if (ppk) values.push(sz('PublicKeyFile', ppk));
  const warnings = commonWarnings(host, 'WinSCP');
  if (host.values.tcpKeepAlive.source.kind === 'line') {
    warnings.push(`TCPKeepAlive ${host.values.tcpKeepAlive.value ? 'yes' : 'no'} has no WinSCP equivalent (WinSCP has no TCP keepalive setting).`);
  }
  if (c.proxyJump && c.proxyJump !== 'none') {
    const hop = parseJump(c.proxyJump);
    if (hop) {
      values.push(dword('Tunnel', 1), sz('TunnelHostName', hop.host), dword('TunnelPortNumber', hop.port ?? 22));
      if (hop.user) values.push(sz('TunnelUserName', hop.user));
      warnings.push(`ProxyJump ${c.proxyJump} maps to WinSCP's SSH tunnel (Connection > Tunnel). If "${hop.host}" is an alias in your ssh config, put its real host name there.`);
    } else {
      warnings.push(`ProxyJump ${c.proxyJump} (several hops) is not exported: WinSCP's tunnel has one hop.`);
    }
  }
  const reg = nameError(() => escapeWinscpName(name));
  return {
    tool: 'winscp',
    sessionName: name,
    registryKey: reg.key === null ? null : `${WINSCP_SESSIONS_KEY}\\${reg.key}`,
    unixFile: null,
    iniSection: reg.key === null ? null : `Sessions\\${reg.key}`,
    values,
    keepaliveSeconds: interval,
    warnings,
    nameError: reg.error,
    unixNameError: null,
  };
}

/** PuTTY's "Default Settings": only the keepalive, from the `Host *` values (the article's advice). */
export function puttyDefaultSettings(values: KeepaliveValues): SessionSettings {
  const interval = values.serverAliveInterval.value;
  const { minutes, seconds } = splitInterval(interval);
  return {
    tool: 'putty',
    sessionName: DEFAULT_SESSION,
    registryKey: `${PUTTY_SESSIONS_KEY}\\${escapePuttyRegistryName(DEFAULT_SESSION)}`,
    unixFile: escapePuttyUnixName(DEFAULT_SESSION),
    iniSection: null,
    values: [dword('PingInterval', minutes), dword('PingIntervalSecs', seconds), dword('TCPKeepalives', values.tcpKeepAlive.value ? 1 : 0)],
    keepaliveSeconds: interval,
    warnings: ['PuTTY copies Default Settings into a session only when the session is created: existing saved sessions keep their own keepalive.'],
    nameError: null,
    unixNameError: null,
  };
}
