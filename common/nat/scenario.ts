import type { ConfigSnapshot, HostRow } from '../contract/hosts';
import { decidingCarrier } from './route-verdict';
import { OPENSSH_DEFAULTS, type HostSpec, type SessionSettings } from './simulation';

/** One session in the diagram: a host of the user's config, or one of the article's example hosts. */
export interface NatHost {
  /** Stable across edits that shift line numbers (file + pattern + occurrence). */
  key: string;
  pattern: string;
  hostName: string;
  port: number;
  settings: SessionSettings;
  /** Whether the user is typing in it when the animation starts. */
  typing: boolean;
  /** The Host block its switch edits; null for the article's example (nothing to write). */
  block: { file: string; line: number } | null;
  keepaliveOn: boolean;
  decided: boolean;
  undecidedReason: string | undefined;
}

/** The hosts the article connects to from home: it is working in AWS and work, school sits idle. */
export function exampleHosts(): NatHost[] {
  const rows: Array<[string, string, boolean]> = [
    ['aws', 'ec2-198-51-100-20.compute-1.amazonaws.com', true],
    ['work', 'bastion.work.example.com', true],
    ['school', 'shell.cs.school.example.edu', false],
  ];
  return rows.map(([pattern, hostName, typing]) => ({
    key: `example:${pattern}`,
    pattern,
    hostName,
    port: 22,
    settings: { ...OPENSSH_DEFAULTS },
    typing,
    block: null,
    keepaliveOn: false,
    decided: true,
    undecidedReason: undefined,
  }));
}

/**
 * Where the NAT sees the session go: the first jump host's effective HostName:Port when ssh jumps
 * (the private target is reached from inside), else the host itself.
 */
export function natDestination(row: Pick<HostRow, 'pattern' | 'connection' | 'sampleHost' | 'route'>): { hostName: string; port: number; via: string | null } {
  const first = row.route?.kind === 'jumps' ? row.route.hops[0]! : null;
  if (first) return { hostName: first.hostName, port: first.port, via: first.alias };
  // A wildcard block without a HostName of its own was resolved for a made-up sample name: say the
  // pattern ("*.lab"), never the sample as if it were a real host.
  const own = row.connection.hostName || row.sampleHost;
  const positive = row.pattern.split(/\s+/).find((p) => p && !p.startsWith('!'));
  if (own === row.sampleHost && positive && /[*?]/.test(row.pattern)) return { hostName: positive, port: row.connection.port, via: null };
  return { hostName: own, port: row.connection.port, via: null };
}

/**
 * A private address (RFC 1918, link-local, unique-local IPv6) reached directly: most likely on the
 * user's own network, so its connection never crosses the router. Only likely: over a VPN or a
 * second NAT it may, so callers say "likely" and never decide a verdict on it.
 */
export function likelyLocal(row: Pick<HostRow, 'connection' | 'route'>): boolean {
  if (row.route && row.route.kind !== 'direct') return false;
  const h = row.connection.hostName.toLowerCase();
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(h);
  if (v4) {
    const a = Number(v4[1]);
    const b = Number(v4[2]);
    return a === 10 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31) || (a === 169 && b === 254);
  }
  return /^f[cd][0-9a-f]{2}:/.test(h) || /^fe[89ab][0-9a-f]:/.test(h) || h.endsWith('.local');
}

function hostOf(row: HostRow, key: string, natTimeoutSeconds: number): NatHost {
  const dest = natDestination(row);
  return {
    key,
    pattern: row.pattern,
    hostName: dest.hostName,
    port: dest.port,
    // The connection that keeps the NAT entry alive (a jump connection, or the host's own session).
    settings: decidingCarrier(row.values, row.route, natTimeoutSeconds).settings,
    typing: true,
    block: { file: row.file, line: row.line },
    keepaliveOn: row.keepaliveOn,
    decided: row.decided,
    undecidedReason: row.undecidedReason,
  };
}

/**
 * The user's hosts as sessions (everyone is at work when the animation starts); the example when
 * there are none. `Host *` (every host's defaults) and hosts likely on the local network are left
 * out (see localHosts), unless that would leave nothing to draw.
 */
export function hostsFromSnapshot(snapshot: ConfigSnapshot | null): NatHost[] {
  if (!snapshot || snapshot.hosts.length === 0) return exampleHosts();
  const seen = new Map<string, number>();
  const all = snapshot.hosts.map((row) => {
    const base = `${row.file}\n${row.pattern}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { row, key: `${base}\n${n}` };
  });
  // `Host *` holds every host's defaults (the all-hosts card), not a session of its own.
  const sessions = all.filter(({ row }) => row.pattern !== '*');
  const remote = sessions.filter(({ row }) => !likelyLocal(row));
  const drawn = remote.length ? remote : sessions.length ? sessions : all;
  return drawn.map(({ row, key }) => hostOf(row, key, snapshot.natTimeoutSeconds));
}

/** The hosts the diagram leaves out: a private address reached directly (likely this network; not through the router). */
export function localHosts(snapshot: ConfigSnapshot | null): HostRow[] {
  const local = snapshot?.hosts.filter(likelyLocal) ?? [];
  return local.length === snapshot?.hosts.length ? [] : local;
}

export function specsOf(hosts: readonly NatHost[]): HostSpec[] {
  return hosts.map((h) => ({ id: h.key, label: h.pattern, settings: h.settings, typing: h.typing }));
}

export function sameSettings(a: SessionSettings, b: SessionSettings): boolean {
  return (
    a.serverAliveInterval === b.serverAliveInterval &&
    a.serverAliveCountMax === b.serverAliveCountMax &&
    a.tcpKeepAlive === b.tcpKeepAlive &&
    a.clientAliveInterval === b.clientAliveInterval &&
    a.clientAliveCountMax === b.clientAliveCountMax
  );
}

/** The same sessions in the same order (only settings may differ): the animation can keep running. */
export function sameSessions(a: readonly NatHost[], b: readonly NatHost[]): boolean {
  return a.length === b.length && a.every((h, i) => h.key === b[i]!.key);
}
