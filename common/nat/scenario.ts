import type { ConfigSnapshot, HostRow } from '../contract/hosts';
import { OPENSSH_DEFAULTS, sessionSettingsOf, type HostSpec, type SessionSettings } from './simulation';

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
  /** A 5-tuple-like label of the router's entry. */
  mapping: string;
}

const CLIENT_IP = '192.168.1.10';
const PUBLIC_IP = '203.0.113.7';

function mapping(index: number, hostName: string, port: number): string {
  // Made-up but plausible ports: the client's ephemeral port and the router's external one.
  return `${CLIENT_IP}:${50_022 + index * 7} → ${PUBLIC_IP}:${61_022 + index * 13} → ${hostName}:${port}`;
}

/** The hosts the article connects to from home: it is working in AWS and work, school sits idle. */
export function exampleHosts(): NatHost[] {
  const rows: Array<[string, string, boolean]> = [
    ['aws', 'ec2-198-51-100-20.compute-1.amazonaws.com', true],
    ['work', 'bastion.work.example.com', true],
    ['school', 'shell.cs.school.example.edu', false],
  ];
  return rows.map(([pattern, hostName, typing], i) => ({
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
    mapping: mapping(i, hostName, 22),
  }));
}

function hostOf(row: HostRow, index: number, key: string): NatHost {
  return {
    key,
    pattern: row.pattern,
    hostName: row.connection.hostName || row.sampleHost,
    port: row.connection.port,
    settings: sessionSettingsOf(row.values),
    typing: true,
    block: { file: row.file, line: row.line },
    keepaliveOn: row.keepaliveOn,
    decided: row.decided,
    undecidedReason: row.undecidedReason,
    mapping: mapping(index, row.connection.hostName || row.sampleHost, row.connection.port),
  };
}

/** The user's hosts as sessions (everyone is at work when the animation starts); the example when there are none. */
export function hostsFromSnapshot(snapshot: ConfigSnapshot | null): NatHost[] {
  if (!snapshot || snapshot.hosts.length === 0) return exampleHosts();
  const seen = new Map<string, number>();
  return snapshot.hosts.map((row, i) => {
    const base = `${row.file}\n${row.pattern}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return hostOf(row, i, `${base}\n${n}`);
  });
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
