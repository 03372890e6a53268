import { describe, expect, it } from 'vitest';
import type { ConfigSnapshot, HostRow } from '../contract/hosts';
import { exampleHosts, hostsFromSnapshot, localHosts, sameSessions } from './scenario';

const def = { kind: 'default' } as const;
function row(pattern: string, line: number, interval: number, file = '/h/.ssh/config'): HostRow {
  return {
    id: `${file}:${line}`,
    pattern,
    file,
    line,
    sampleHost: pattern,
    values: {
      serverAliveInterval: { value: interval, source: def },
      serverAliveCountMax: { value: 3, source: def },
      tcpKeepAlive: { value: false, source: { kind: 'line', file, line: line + 1 } },
    },
    connection: { hostName: `${pattern}.example.com`, port: 2222, user: 'u', identityFiles: [], proxyJump: null, proxyCommand: null },
    decided: true,
    keepaliveOn: interval > 0,
    verdict: { protected: false, text: '' },
  };
}
function snap(hosts: HostRow[]): ConfigSnapshot {
  return {
    configPath: '/h/.ssh/config',
    files: [],
    hosts,
    allHosts: { block: null, sampleHost: 'x', values: hosts[0]?.values ?? row('x', 1, 0).values, keepaliveOn: false, verdict: { protected: false, text: '' } },
    natTimeoutSeconds: 300,
    issues: [],
    canUndo: false,
  };
}

describe('hostsFromSnapshot', () => {
  it("uses each host's effective values and its Host block", () => {
    const [a] = hostsFromSnapshot(snap([row('db', 4, 30)]));
    expect(a).toMatchObject({ pattern: 'db', hostName: 'db.example.com', port: 2222, block: { file: '/h/.ssh/config', line: 4 }, keepaliveOn: true, typing: true });
    expect(a!.settings).toEqual({ serverAliveInterval: 30, serverAliveCountMax: 3, tcpKeepAlive: false, clientAliveInterval: 0, clientAliveCountMax: 3 });
  });

  it('keeps session keys when an edit shifts line numbers, so the animation reconnects instead of restarting', () => {
    const before = hostsFromSnapshot(snap([row('a', 1, 0), row('b', 5, 0), row('b', 9, 0)]));
    const after = hostsFromSnapshot(snap([row('a', 1, 60), row('b', 6, 0), row('b', 10, 0)]));
    expect(new Set(before.map((h) => h.key)).size).toBe(3);
    expect(sameSessions(before, after)).toBe(true);
    expect(sameSessions(before, after.slice(1))).toBe(false);
  });

  it("falls back to the article's example without hosts", () => {
    expect(hostsFromSnapshot(snap([])).map((h) => [h.pattern, h.typing, h.block])).toEqual([
      ['aws', true, null],
      ['work', true, null],
      ['school', false, null],
    ]);
    expect(hostsFromSnapshot(null)).toEqual(exampleHosts());
  });
});

describe('what the diagram draws', () => {
  it('leaves `Host *` out (every host’s defaults, not a session) and never shows a wildcard’s made-up sample name', () => {
    const wild = (pattern: string, sample: string): HostRow => ({ ...row(pattern, 20, 0), sampleHost: sample, connection: { ...row(pattern, 20, 0).connection, hostName: sample, port: 22 } });
    const drawn = hostsFromSnapshot(snap([row('gh', 1, 0), wild('*.lab !printer.lab', 'keepalive-sample.lab'), wild('*', 'keepalive-sample')]));
    expect(drawn.map((h) => [h.pattern, h.hostName])).toEqual([
      ['gh', 'gh.example.com'],
      ['*.lab !printer.lab', '*.lab'],
    ]);
    // Only `Host *`: drawn (there would be nothing else), with its pattern.
    expect(hostsFromSnapshot(snap([wild('*', 'keepalive-sample')])).map((h) => h.hostName)).toEqual(['*']);
  });
});

describe('jump hosts and the local network in the diagram', () => {
  const hop = { alias: 'bastion', hostName: 'bastion.example.net', port: 2222, user: 'ops', via: 'ProxyJump' as const, serverAliveInterval: 30, serverAliveCountMax: 3, tcpKeepAlive: true, decided: true };
  const behind = (pattern: string): HostRow => ({ ...row(pattern, 8, 0), connection: { ...row(pattern, 8, 0).connection, hostName: '10.0.1.11', proxyJump: 'bastion' }, route: { kind: 'jumps', hops: [hop] } });
  const lan = (pattern: string, hostName: string): HostRow => ({ ...row(pattern, 12, 0), connection: { ...row(pattern, 12, 0).connection, hostName, port: 22 }, route: { kind: 'direct' } });

  it("a host behind a jump host: the router's entry is to the first hop, kept alive by the jump connection", () => {
    const [h] = hostsFromSnapshot(snap([behind('web-1')]));
    expect(h).toMatchObject({ hostName: 'bastion.example.net', port: 2222 });
    expect(h!.settings.serverAliveInterval).toBe(30);
  });

  it('a private address reached directly is left out (likely this network) and listed; a jump target with one is not', () => {
    const s = snap([row('gh', 1, 0), lan('nas', '192.168.1.20'), lan('vm', '172.20.0.5'), lan('v6', 'fd12:3456::1'), lan('pub', '172.32.0.1'), behind('web-1')]);
    expect(hostsFromSnapshot(s).map((h) => h.pattern)).toEqual(['gh', 'pub', 'web-1']);
    expect(localHosts(s).map((h) => h.pattern)).toEqual(['nas', 'vm', 'v6']);
    // Only local hosts: drawn anyway (there would be nothing else), none listed as left out.
    const onlyLan = snap([lan('nas', '192.168.1.20')]);
    expect(hostsFromSnapshot(onlyLan).map((h) => h.pattern)).toEqual(['nas']);
    expect(localHosts(onlyLan)).toEqual([]);
  });
});
