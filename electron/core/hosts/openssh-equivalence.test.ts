/**
 * Our resolver against the real OpenSSH client: for every fixture of e2e/fixtures/configs and every
 * Host block, the effective values `hosts:list` shows equal what `ssh -G -F <config> <sampleHost>`
 * prints (serveraliveinterval, serveralivecountmax, tcpkeepalive, hostname, user, port). Where ssh
 * rejects the config, the snapshot must say so with the same file and line.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfigSnapshot } from '../../../common/contract/hosts';
import { generateConfig, installFixture, listFixtures, makeHome } from '../../../e2e/fixtures/configs/index';
import { compareWithSsh, harnessFor, verifySources } from '../../../e2e/fixtures/configs/harness';
import { sshG, sshGMany } from '../../../e2e/fixtures/configs/openssh';
import { lexText } from '../openssh/lexer';

/** The error locations the app reports for a config: from the snapshot's issues, or the error itself. */
function reportedErrors(result: { ok: true; value: ConfigSnapshot } | { ok: false; error: { file?: string; line?: number } }) {
  if (!result.ok) return result.error.file ? [{ file: result.error.file, line: result.error.line ?? 0 }] : [];
  return result.value.issues.filter((i) => i.severity === 'error').map((i) => ({ file: i.file, line: i.line }));
}

describe('resolver equals ssh -G on the fixture corpus', () => {
  const fixtures = listFixtures();
  it('has at least 25 fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(25);
  });

  for (const name of fixtures) {
    it(name, async () => {
      const fx = await installFixture(name);
      try {
        const h = harnessFor(fx);
        const listed = await h.call('hosts:list', { configPath: fx.configPath });

        // First ask ssh about one host nobody names: tells whether ssh accepts the file at all.
        const [probe] = await sshGMany(fx.configPath, ['ska-probe-nobody-names-this'], fx.home, 1);
        if (!probe!.ok) {
          // OpenSSH rejects this config: we must say so, pointing where ssh points.
          const ours = reportedErrors(listed);
          expect(ours.length, `ssh rejects ${name} (${probe!.stderr.trim()}) but we report no error`).toBeGreaterThan(0);
          for (const e of probe!.errors) {
            expect(ours, `ssh: ${e.file}:${e.line}: ${e.message}`).toContainEqual({ file: e.file, line: e.line });
          }
          return;
        }
        if (!listed.ok) throw new Error(`hosts:list failed on a config ssh accepts: ${listed.error.message}`);
        const snapshot = listed.value;
        expect(snapshot.issues.filter((i) => i.severity === 'error'), 'errors on a config ssh accepts').toEqual([]);

        // Every Host line of the root file is a row, at its file and line.
        const rootHostLines = lexText(await fs.readFile(fx.configPath, 'latin1'))
          .filter((l) => l.kind === 'directive' && l.key === 'host')
          .map((l) => l.lineNo);
        const rootRows = snapshot.hosts.filter((r) => r.file === fx.configPath).map((r) => r.line);
        expect(rootRows).toEqual(rootHostLines);
        // One row per Host block, even when its file is included twice: ids are the UI's keys.
        const ids = snapshot.hosts.map((r) => r.id);
        expect(ids.filter((id, i) => ids.indexOf(id) !== i), 'duplicate row ids').toEqual([]);

        const problems = await compareWithSsh(fx, snapshot);
        expect(problems, problems.join('\n')).toEqual([]);
      } finally {
        await fx.cleanup();
      }
    });
  }

  // "Where each value comes from" is shown to the user and drives the editor: the cited line must be
  // a line of that keyword, and changing its value must change what ssh uses for the host.
  it('value sources: each cited file:line is what ssh obtains the value from', async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const name of fixtures) {
      const fx = await installFixture(name);
      try {
        const probe = await sshG(fx.configPath, 'ska-probe-nobody-names-this', fx.home);
        if (!probe.ok) continue;
        const snapshot = await harnessFor(fx).must('hosts:list', { configPath: fx.configPath });
        const r = await verifySources(fx, snapshot);
        checked += r.checked;
        problems.push(...r.problems.map((p) => `${name}: ${p}`));
      } finally {
        await fx.cleanup();
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('a generated 5,000-host config (sampled hosts)', async () => {
    const fx = await makeHome('gen5000', { config: generateConfig(5000) });
    try {
      const h = harnessFor(fx);
      const snapshot = await h.must('hosts:list', { configPath: fx.configPath });
      expect(snapshot.hosts.length).toBe(5000 + 10 + 1); // node blocks, rack wildcards, Host *
      // Every 97th row, plus the wildcard rows: ~60 ssh calls instead of 5,000.
      const sampled = { ...snapshot, hosts: snapshot.hosts.filter((r, i) => i % 97 === 0 || r.pattern.includes('*')) };
      const problems = await compareWithSsh(fx, sampled);
      expect(problems, problems.join('\n')).toEqual([]);
    } finally {
      await fx.cleanup();
    }
  });

  // ssh checks the mode of included files (not of the -F file itself). Debian's ssh accepts a
  // group-writable file when the group is the owner's private group (user-group-modes patch), as
  // with umask 002; upstream rejects it. Whatever the local ssh decides, we must decide the same.
  for (const mode of [0o664, 0o666, 0o644]) {
    it(`an included file with mode ${mode.toString(8)}: ssh's verdict and ours agree`, async () => {
      const fx = await installFixture('include-glob');
      try {
        const inc = path.join(fx.sshDir, 'conf.d', '10-work.conf');
        await fs.chmod(inc, mode);
        const probe = await sshG(fx.configPath, 'home', fx.home);
        const listed = await harnessFor(fx).call('hosts:list', { configPath: fx.configPath });
        const ours = reportedErrors(listed);
        if (probe.ok) expect(ours, `ssh accepts ${inc} with mode ${mode.toString(8)}`).toEqual([]);
        else {
          expect(probe.stderr).toContain(inc);
          expect(ours.map((e) => e.file)).toContain(inc);
        }
      } finally {
        await fx.cleanup();
      }
    });
  }

  it('Match exec / canonical / final: undecided, and the exec command never runs', async () => {
    const fx = await installFixture('match-runtime');
    try {
      const h = harnessFor(fx);
      const snapshot = await h.must('hosts:list', { configPath: fx.configPath });
      const byPattern = new Map(snapshot.hosts.map((r) => [r.pattern, r]));
      // `early` sets all three keepalive keywords before any runtime condition: decided.
      expect(byPattern.get('early')?.decided).toBe(true);
      for (const p of ['plain', 'canon fin later']) {
        expect(byPattern.get(p)?.decided, p).toBe(false);
        expect(byPattern.get(p)?.undecidedReason, p).toBeTruthy();
      }
      // Exercise every path that evaluates conditions: list, preview, apply, undo.
      for (const row of snapshot.hosts) {
        const intent = { configPath: fx.configPath, target: { kind: 'block' as const, file: row.file, line: row.line }, action: 'on' as const, interval: 44 };
        const preview = await h.call('keepalive:preview', intent);
        if (preview.ok && preview.value.kind === 'edit') {
          const fresh = await h.must('hosts:list', { configPath: fx.configPath });
          const applied = await h.call('keepalive:apply', { ...intent, baseHashes: Object.fromEntries(fresh.files.map((f) => [f.path, f.hash])) });
          if (applied.ok) await h.must('keepalive:undo', { configPath: fx.configPath });
        }
      }
      await expect(fs.stat(path.join(fx.home, 'EXEC_RAN'))).rejects.toThrow();
    } finally {
      await fx.cleanup();
    }
  });
});
