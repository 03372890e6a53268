import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchPattern } from './patterns';
import { convtime } from './values';

/** Asks the real ssh what it makes of one config text for one host. */
function sshG(config: string, host: string): { ok: true; out: Map<string, string> } | { ok: false; err: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ka-values-'));
  const file = path.join(dir, 'config');
  writeFileSync(file, config, { mode: 0o600 });
  try {
    const out = execFileSync('ssh', ['-G', '-F', file, host], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, out: new Map(out.split('\n').map((l) => [l.split(' ')[0]!, l.slice(l.indexOf(' ') + 1)])) };
  } catch (err) {
    return { ok: false, err: String((err as { stderr?: string }).stderr ?? err) };
  }
}

describe('convtime agrees with ssh -G', () => {
  const cases = ['60', '0', '1m', '1m30s', '2h', '1w', '1d1h', '90S', '5M', '10x', '-5', '', 'm', '1h-5', '2147483647', '2147483648', '3000000w', ' 7'];
  for (const value of cases) {
    it(`ServerAliveInterval "${value}"`, () => {
      const r = sshG(`Host h\n  ServerAliveInterval "${value}"\n`, 'h');
      const ours = convtime(value);
      if (r.ok) expect(ours).toBe(Number(r.out.get('serveraliveinterval')));
      else expect(ours).toBe(-1);
    });
  }
});

describe('Host patterns agree with ssh -G', () => {
  const cases: [string, string][] = [
    ['a?c', 'abc'],
    ['a?c', 'ac'],
    ['a*', 'a'],
    ['*.example.com', 'web.example.com'],
    ['*.example.com', 'example.com'],
    ['w*b*', 'wxxbyy'],
    ['a,b', 'a'],
    ['*', 'anything'],
  ];
  for (const [pattern, host] of cases) {
    it(`Host ${pattern} vs ${host}`, () => {
      const r = sshG(`Host ${pattern}\n  ServerAliveInterval 42\n`, host);
      if (!r.ok) throw new Error(r.err);
      expect(matchPattern(host, pattern)).toBe(r.out.get('serveraliveinterval') === '42');
    });
  }
});
