import { describe, expect, it } from 'vitest';
import type { HostRow } from '../../common/contract/hosts';
import { verdictFor } from '../../common/nat/verdict';
import { hostStatus, isAllHostsBlock, keepaliveOutcome, keywordsLine, matchesFilter, pointsTo } from './describe';

const D = { kind: 'default' } as const;
function row(over: Partial<HostRow> & { interval?: number; countMax?: number }): HostRow {
  const values = {
    serverAliveInterval: { value: over.interval ?? 0, source: over.interval ? ({ kind: 'line', file: '/h/.ssh/config', line: 3 } as const) : D },
    serverAliveCountMax: { value: over.countMax ?? 3, source: D },
    tcpKeepAlive: { value: true, source: D },
  };
  return {
    id: '/h/.ssh/config:1',
    pattern: 'db',
    file: '/h/.ssh/config',
    line: 1,
    sampleHost: 'db',
    values,
    connection: { hostName: 'db', port: 22, user: 'me', identityFiles: [], proxyJump: null, proxyCommand: null },
    decided: true,
    keepaliveOn: (over.interval ?? 0) > 0,
    verdict: verdictFor(values, 300),
    ...over,
  };
}

describe('a host row in words', () => {
  it('keepalive as an outcome: interval x (CountMax + 1) until a dead link is noticed; what goes wrong otherwise', () => {
    const on = row({ interval: 60 });
    expect(keepaliveOutcome(on.values, on.verdict)).toBe('every 60\u00a0s; a dead link noticed after ~4\u00a0min');
    const five = row({ interval: 30, countMax: 5 });
    expect(keepaliveOutcome(five.values, five.verdict)).toBe('every 30\u00a0s; a dead link noticed after ~3\u00a0min');
    const off = row({});
    expect(keepaliveOutcome(off.values, off.verdict)).toBe('off: drops after 5\u00a0min idle');
    const slow = row({ interval: 600 });
    expect(keepaliveOutcome(slow.values, slow.verdict)).toBe('every 600\u00a0s: too slow, drops after 5\u00a0min idle');
  });

  it('where it points: user@HostName[:port] via the jump host; a wildcard block shows its pattern, never its made-up sample name', () => {
    const c = { hostName: '10.0.0.5', port: 2222, user: 'ops', identityFiles: [], proxyJump: 'bastion,edge', proxyCommand: null };
    expect(pointsTo(row({ connection: c }))).toEqual({ text: 'ops@10.0.0.5:2222 via bastion, edge', title: 'HostName 10.0.0.5 · User ops · Port 2222 · ProxyJump bastion,edge' });
    const wild = row({ pattern: '*.internal !x.internal', sampleHost: 'keepalive-sample.internal', connection: { ...c, hostName: 'keepalive-sample.internal', port: 22, proxyJump: null } });
    expect(pointsTo(wild).text).toBe('ops@*.internal');
    expect(JSON.stringify(pointsTo(wild))).not.toContain('keepalive-sample');
    expect(pointsTo(row({ connection: { ...c, hostName: 'fe80::1', proxyJump: null } })).text).toBe('ops@[fe80::1]:2222');
  });

  it('status, the all-hosts block, the filter', () => {
    expect(hostStatus(row({ interval: 60 }))).toBe('ok');
    expect(hostStatus(row({}))).toBe('bad');
    expect(hostStatus(row({ decided: false }))).toBe('depends');
    expect(isAllHostsBlock('*')).toBe(true);
    expect(isAllHostsBlock('* !bastion')).toBe(true);
    expect(isAllHostsBlock('*.lab')).toBe(false);
    const r = row({ connection: { hostName: '10.0.3.10', port: 22, user: 'postgres', identityFiles: [], proxyJump: 'bastion', proxyCommand: null } });
    for (const text of ['DB', '10.0.3', 'postgres', 'bastion', 'config:1']) expect(matchesFilter(r, { text, status: 'all' }), text).toBe(true);
    expect(matchesFilter(r, { text: 'web', status: 'all' })).toBe(false);
    expect(matchesFilter(r, { text: '', status: 'ok' })).toBe(false);
    expect(matchesFilter(r, { text: '', status: 'bad' })).toBe(true);
  });

  it('the keywords in one line: defaults said once', () => {
    expect(keywordsLine(row({}).values, '/h/.ssh/config')).toBe('ServerAliveInterval 0 · ServerAliveCountMax 3 · TCPKeepAlive yes (OpenSSH defaults)');
    expect(keywordsLine(row({ interval: 60 }).values, '/h/.ssh/config')).toBe('ServerAliveInterval 60 (config:3) · ServerAliveCountMax 3 (OpenSSH default) · TCPKeepAlive yes (OpenSSH default)');
  });
});
