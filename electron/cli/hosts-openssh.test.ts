/**
 * The command line as a user runs it (`npm run -s cli -- ...`, a real process with HOME pointing at
 * a fixture HOME), held to real `ssh -G`: `hosts --json` shows what ssh uses, `set`/`unset` change
 * what ssh uses and only keepalive lines, `undo` restores the bytes, bad input exits non-zero with
 * one line on stderr and the file untouched. Process start is slow, so only a few cases live here;
 * the handlers are covered in depth by electron/core/hosts/*.test.ts.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sameTree } from '../../e2e/fixtures/configs/edit-checks';
import { installFixture, readTree, type FixtureHome } from '../../e2e/fixtures/configs/index';
import { lineDiff, stripEol } from '../../e2e/fixtures/configs/line-diff';
import { sshG, sshGMany } from '../../e2e/fixtures/configs/openssh';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(fx: FixtureHome, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '-s', 'cli', '--', ...args],
      { cwd: repo, env: { ...process.env, HOME: fx.home, XDG_STATE_HOME: path.join(fx.home, '.local', 'state') }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

interface JsonRow {
  host: string;
  file: string;
  line: number;
  serverAliveInterval: number;
  serverAliveCountMax: number;
  tcpKeepAlive: boolean;
  source: string;
  decided: boolean;
}

const firstPositive = (patterns: string) => patterns.split(/\s+/).find((p) => p && !p.startsWith('!') && !/[*?]/.test(p));

describe('ssh-keepalive CLI against ssh -G', () => {
  it('hosts --json: one object per Host block in file order, with the values ssh -G uses', async () => {
    const fx = await installFixture('real-world');
    try {
      const r = await cli(fx, 'hosts', '--config', fx.configPath, '--json');
      expect(r.code, r.stderr).toBe(0);
      const rows = JSON.parse(r.stdout) as JsonRow[];
      expect(rows.map((x) => x.host)).toEqual(['github.com gitlab.com', 'bastion', 'prod-*', 'prod-web-01', 'prod-db-01', 'raspberrypi', '*.corp.example.com', '*']);
      expect(rows.map((x) => x.line)).toEqual([8, 13, 20, 25, 28, 32, 38, 44]);
      for (const row of rows) {
        expect(Object.keys(row)).toEqual(expect.arrayContaining(['host', 'file', 'line', 'serverAliveInterval', 'serverAliveCountMax', 'tcpKeepAlive', 'source', 'decided']));
        expect(row.file).toBe(fx.configPath);
        expect(row.source).toMatch(/^(default|.+:\d+)$/);
      }
      const literal = rows.filter((x) => firstPositive(x.host));
      const ssh = await sshGMany(fx.configPath, literal.map((x) => firstPositive(x.host)!), fx.home);
      literal.forEach((row, i) => {
        const s = ssh[i]!;
        if (!s.ok) throw new Error(s.stderr);
        expect({ host: row.host, i: row.serverAliveInterval, c: row.serverAliveCountMax, t: row.tcpKeepAlive }).toEqual({
          host: row.host,
          i: s.values.serverAliveInterval,
          c: s.values.serverAliveCountMax,
          t: s.values.tcpKeepAlive,
        });
      });
      // bastion's interval comes from its own line 17; the others' from Host * (line 45).
      expect(rows.find((x) => x.host === 'bastion')!.source).toBe(`${fx.configPath}:17`);
      expect(rows.find((x) => x.host === 'prod-web-01')!.source).toBe(`${fx.configPath}:45`);
    } finally {
      await fx.cleanup();
    }
  });

  it('hosts --json on Match exec="cmd; true" (criterion=value): exit 0, decided rows equal ssh -G, the rest flagged, the command never run', async () => {
    const fx = await installFixture('match-exec-equals');
    try {
      const r = await cli(fx, 'hosts', '--config', fx.configPath, '--json');
      expect(r.code, r.stderr).toBe(0);
      // Checked before any ssh -G below runs the fixture's command.
      expect(existsSync(path.join(fx.home, 'EXEC_RAN')), 'the CLI ran a Match exec command').toBe(false);
      const rows = JSON.parse(r.stdout) as JsonRow[];
      expect(rows.map((x) => [x.host, x.decided])).toEqual([
        ['first', true],
        ['fourth', true],
        ['second third fourth', false],
        ['*', false],
      ]);
      const ssh = await sshGMany(fx.configPath, rows.map((x) => firstPositive(x.host) ?? 'ska-any-host'), fx.home);
      rows.forEach((row, i) => {
        const s = ssh[i]!;
        if (!s.ok) throw new Error(s.stderr);
        if (!row.decided) return;
        expect({ host: row.host, i: row.serverAliveInterval, c: row.serverAliveCountMax, t: row.tcpKeepAlive }).toEqual({
          host: row.host,
          i: s.values.serverAliveInterval,
          c: s.values.serverAliveCountMax,
          t: s.values.tcpKeepAlive,
        });
      });
    } finally {
      await fx.cleanup();
    }
  });

  it('set / unset / undo change what ssh uses, only in keepalive lines, and undo restores the bytes', async () => {
    const fx = await installFixture('crlf-windows');
    try {
      const original = await readTree(fx.sshDir);
      const before = original.get(fx.configPath)!.toString('latin1');

      const set = await cli(fx, 'set', 'build-agent', '--interval', '45', '--count-max', '4', '--config', fx.configPath);
      expect(set.code, set.stderr).toBe(0);
      let s = await sshG(fx.configPath, 'build-agent', fx.home);
      expect(s.ok && [s.values.serverAliveInterval, s.values.serverAliveCountMax]).toEqual([45, 4]);
      const afterSet = (await readTree(fx.sshDir)).get(fx.configPath)!.toString('latin1');
      const d = lineDiff(before, afterSet);
      expect(d.removed).toEqual([]);
      expect(d.added.map((a) => a.text)).toEqual(['  ServerAliveInterval 45\r\n', '  ServerAliveCountMax 4\r\n']);

      const unset = await cli(fx, 'unset', 'jump', '--config', fx.configPath);
      expect(unset.code, unset.stderr).toBe(0);
      s = await sshG(fx.configPath, 'jump', fx.home);
      expect(s.ok && s.values.serverAliveInterval).toBe(0);
      const afterUnset = (await readTree(fx.sshDir)).get(fx.configPath)!.toString('latin1');
      const d2 = lineDiff(afterSet, afterUnset);
      expect([...d2.removed, ...d2.added].every((l) => /^\s*ServerAliveInterval\b/i.test(stripEol(l.text)))).toBe(true);

      expect((await cli(fx, 'undo', '--config', fx.configPath)).code).toBe(0);
      expect((await readTree(fx.sshDir)).get(fx.configPath)!.toString('latin1')).toBe(afterSet);
      expect((await cli(fx, 'undo', '--config', fx.configPath)).code).toBe(0);
      expect(sameTree(original, await readTree(fx.sshDir))).toEqual([]);
    } finally {
      await fx.cleanup();
    }
  });

  it('set --all manages Host *; a set that Host * at the top would override is refused, naming the way out', async () => {
    const [last, first] = await Promise.all([installFixture('host-star-last'), installFixture('host-star-first')]);
    try {
      const all = await cli(last, 'set', '--all', '--interval', '30', '--config', last.configPath);
      expect(all.code, all.stderr).toBe(0);
      const s = await sshG(last.configPath, 'some-other-host', last.home);
      expect(s.ok && s.values.serverAliveInterval).toBe(30);

      const before = await readTree(first.sshDir);
      const blocked = await cli(first, 'set', 'prod', '--interval', '30', '--config', first.configPath);
      expect(blocked.code).not.toBe(0);
      expect(blocked.stderr.trim().split('\n')).toHaveLength(1);
      expect(blocked.stderr).toContain(`${first.configPath}:3`); // Host * line 3 decides
      expect(blocked.stderr).toContain('--alternative');
      expect(sameTree(before, await readTree(first.sshDir))).toEqual([]);
    } finally {
      await Promise.all([last.cleanup(), first.cleanup()]);
    }
  });

  it('set for a host no block names adds a block that ssh uses (before Host *), changing nothing else', async () => {
    const fx = await installFixture('basic');
    try {
      const before = (await readTree(fx.sshDir)).get(fx.configPath)!.toString('latin1');
      const r = await cli(fx, 'set', 'newbox.example.com', '--interval', '25', '--config', fx.configPath);
      expect(r.code, r.stderr).toBe(0);
      const s = await sshG(fx.configPath, 'newbox.example.com', fx.home);
      expect(s.ok && s.values.serverAliveInterval).toBe(25);
      const other = await sshG(fx.configPath, 'db', fx.home);
      expect(other.ok && other.values.serverAliveInterval).toBe(30);
      const d = lineDiff(before, (await readTree(fx.sshDir)).get(fx.configPath)!.toString('latin1'));
      expect(d.removed).toEqual([]);
      expect(d.added.map((a) => stripEol(a.text).trim()).filter(Boolean)).toEqual(['Host newbox.example.com', 'ServerAliveInterval 25']);
    } finally {
      await fx.cleanup();
    }
  });

  it('bad input exits non-zero with one line on stderr and touches nothing', async () => {
    const [basic, bom] = await Promise.all([installFixture('basic'), installFixture('bom')]);
    try {
      const before = await readTree(basic.sshDir);
      const bomBefore = await readTree(bom.sshDir);
      const runs = await Promise.all([
        cli(basic, 'set', 'web1', '--interval', 'abc', '--config', basic.configPath),
        cli(basic, 'set', 'web1', '--interval', '0', '--config', basic.configPath),
        cli(basic, 'set', 'web1', '--interval', '86401', '--config', basic.configPath),
        cli(bom, 'set', 'bom', '--interval', '30', '--config', bom.configPath),
      ]);
      for (const [i, r] of runs.entries()) {
        expect(r.code, `run ${i}: ${r.stdout}`).not.toBe(0);
        expect(r.stderr.trim().split('\n'), `run ${i}`).toHaveLength(1);
      }
      // The BOM error names the file and line 1, as OpenSSH does.
      expect(runs[3]!.stderr).toContain(`${bom.configPath}:1`);
      // `hosts` lists every problem, one line each, each naming its file:line once.
      const hosts = await cli(bom, 'hosts', '--config', bom.configPath, '--json');
      expect(hosts.code).not.toBe(0);
      const where = hosts.stderr.trim().split('\n').map((l) => /^(.+:\d+): /.exec(l)?.[1]);
      expect(where[0]).toBe(`${bom.configPath}:1`);
      expect(new Set(where).size, `the same problem reported twice:\n${hosts.stderr}`).toBe(where.length);
      expect(sameTree(before, await readTree(basic.sshDir))).toEqual([]);
      expect(sameTree(bomBefore, await readTree(bom.sshDir))).toEqual([]);
    } finally {
      await Promise.all([basic.cleanup(), bom.cleanup()]);
    }
  });
});
