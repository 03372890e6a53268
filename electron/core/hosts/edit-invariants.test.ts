/**
 * Keepalive edits on the fixture corpus, held to the bytes on disk and to real `ssh -G`: for every
 * fixture, every decided Host block and the all-hosts switch, turning keepalive on (a new interval)
 * and off changes only the expected lines, gives the asked value in ssh, and undo restores every
 * byte. Also: blocked plans never write, a file changed between preview and apply is refused, a
 * config ssh rejects is never edited, a missing ~/.ssh/config is created 600 inside a 700 ~/.ssh.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfigSnapshot, HostRow } from '../../../common/contract/hosts';
import type { KeepaliveIntent, KeepaliveTarget } from '../../../common/contract/keepalive';
import { checkToggle, sameTree, type EditContext } from '../../../e2e/fixtures/configs/edit-checks';
import { baseHashes, harnessFor, type Harness } from '../../../e2e/fixtures/configs/harness';
import { generateConfig, installFixture, listFixtures, makeHome, readTree, type FixtureHome } from '../../../e2e/fixtures/configs/index';
import { sshG } from '../../../e2e/fixtures/configs/openssh';

/** An interval different from the current one, so "on" is always a real change. */
const newInterval = (current: number) => (current === 47 ? 48 : 47);

/** Runs `body` on a fixture home (its own temp HOME) with the app's handlers, removed afterwards. */
async function withHome(home: Promise<FixtureHome>, body: (fx: FixtureHome, h: Harness) => Promise<void>): Promise<void> {
  const fx = await home;
  try {
    await body(fx, harnessFor(fx));
  } finally {
    await fx.cleanup();
  }
}

const blockOf = (row: HostRow): KeepaliveTarget & { kind: 'block' } => ({ kind: 'block', file: row.file, line: row.line });
const rowOf = (snapshot: ConfigSnapshot, pattern: string): HostRow => snapshot.hosts.find((r) => r.pattern === pattern)!;

/** Keepalive on at a new interval, then off: every invariant either edit breaks (each is undone). */
async function onThenOff(ec: Omit<EditContext, 'desired'>, target: KeepaliveTarget, current: number): Promise<string[]> {
  const configPath = ec.fx.configPath;
  return [
    ...(await checkToggle(ec, { configPath, target, action: 'on', interval: newInterval(current) }, current)),
    ...(await checkToggle(ec, { configPath, target, action: 'off' }, current)),
  ];
}

describe('keepalive edits keep every other byte and agree with ssh -G', () => {
  // Fixtures are independent (own temp HOME each): run a few at once, so one fixture's JS overlaps
  // another's ssh -G processes.
  for (const name of listFixtures()) {
    it.concurrent(name, async ({ expect }) => {
      await withHome(installFixture(name), async (fx, h) => {
        const original = await readTree(fx.sshDir);
        const probe = await sshG(fx.configPath, 'ska-probe-nobody-names-this', fx.home);
        const listed = await h.call('hosts:list', { configPath: fx.configPath });

        if (!probe.ok) {
          // ssh rejects the file: no edit may be written; the refusal names a file and line.
          const rows = listed.ok ? listed.value.hosts : [];
          const intents: KeepaliveIntent[] = [
            { configPath: fx.configPath, target: { kind: 'all' }, action: 'on', interval: 60 },
            ...rows.map((r) => ({ configPath: fx.configPath, target: { kind: 'block' as const, file: r.file, line: r.line }, action: 'on' as const, interval: 60 })),
          ];
          for (const intent of intents) {
            const preview = await h.call('keepalive:preview', intent);
            const applied = await h.call('keepalive:apply', { ...intent, baseHashes: listed.ok ? baseHashes(listed.value) : {} });
            expect(applied.ok, `apply on a config ssh rejects: ${JSON.stringify(intent.target)}`).toBe(false);
            if (!preview.ok) expect(preview.error.file, preview.error.message).toBeTruthy();
          }
          expect(sameTree(original, await readTree(fx.sshDir))).toEqual([]);
          return;
        }
        if (!listed.ok) throw new Error(`hosts:list failed: ${listed.error.message}`);
        const snapshot = listed.value;
        const problems: string[] = [];

        for (const row of snapshot.hosts) {
          if (!row.decided) continue;
          const target = blockOf(row);
          problems.push(...(await onThenOff({ fx, h, sampleHost: row.sampleHost, block: target }, target, row.values.serverAliveInterval.value)));
        }
        if (snapshot.hosts.every((r) => r.decided)) {
          const all = snapshot.allHosts;
          problems.push(...(await onThenOff({ fx, h, sampleHost: all.sampleHost, block: all.block }, { kind: 'all' }, all.values.serverAliveInterval.value)));
        }
        expect(problems, problems.join('\n')).toEqual([]);
        // Every change was undone: the tree is the fixture again, byte for byte.
        expect(sameTree(original, await readTree(fx.sshDir))).toEqual([]);
      });
    });
  }

  /**
   * Previews keepalive on for the block `pattern` of `fixture`, lets `editElsewhere` change a file
   * (another program), then applies with the preview's hashes: refused as a conflict on `file`, nothing written.
   */
  async function refusedAfterOtherEdit(fixture: string, pattern: string, editElsewhere: (fx: FixtureHome, row: HostRow) => Promise<string>) {
    await withHome(installFixture(fixture), async (fx, h) => {
      const snapshot = await h.must('hosts:list', { configPath: fx.configPath });
      const row = rowOf(snapshot, pattern);
      const intent: KeepaliveIntent = { configPath: fx.configPath, target: blockOf(row), action: 'on', interval: 30 };
      const preview = await h.must('keepalive:preview', intent);
      expect(preview.kind === 'edit' && preview.edits.map((e) => e.file)).toEqual([row.file]);
      const file = await editElsewhere(fx, row);
      const edited = await readTree(fx.sshDir);
      const applied = await h.call('keepalive:apply', { ...intent, baseHashes: baseHashes(snapshot) });
      expect(applied.ok).toBe(false);
      if (!applied.ok) expect(applied.error).toMatchObject({ code: 'conflict', file });
      expect(sameTree(edited, await readTree(fx.sshDir))).toEqual([]);
    });
  }

  it('refuses a change prepared against an older read of the file (conflict), writing nothing', async () => {
    await refusedAfterOtherEdit('basic', 'web1', async (fx) => {
      await fs.appendFile(fx.configPath, '# added by another editor\n');
      return fx.configPath;
    });
  });

  it('refuses a change when the included file it edits changed after the preview', async () => {
    await refusedAfterOtherEdit('include-glob', 'pi', async (_fx, row) => {
      expect(path.basename(row.file)).toBe('20-personal.conf');
      await fs.writeFile(row.file, (await fs.readFile(row.file, 'utf8')).replace('User pi', 'User pi2'));
      return row.file;
    });
  });

  it('a ~/.ssh/config that is a symlink into a dotfiles repo stays a symlink; the target is edited and restored', async () => {
    await withHome(makeHome('symlink', {}), async (fx, h) => {
      const dotfiles = path.join(fx.home, 'dotfiles');
      await fs.mkdir(dotfiles);
      const target = path.join(dotfiles, 'ssh_config');
      const original = 'Host box\n  HostName box.example.com\n';
      await fs.writeFile(target, original, { mode: 0o600 });
      await fs.symlink('../dotfiles/ssh_config', fx.configPath);
      const snapshot = await h.must('hosts:list', { configPath: fx.configPath });
      const intent: KeepaliveIntent = { configPath: fx.configPath, target: blockOf(snapshot.hosts[0]!), action: 'on', interval: 30 };
      await h.must('keepalive:apply', { ...intent, baseHashes: baseHashes(snapshot) });
      expect((await fs.lstat(fx.configPath)).isSymbolicLink()).toBe(true);
      expect(await fs.readlink(fx.configPath)).toBe('../dotfiles/ssh_config');
      expect(await fs.readFile(target, 'utf8')).toBe('Host box\n  HostName box.example.com\n  ServerAliveInterval 30\n');
      const r = await sshG(fx.configPath, 'box', fx.home);
      expect(r.ok && r.values.serverAliveInterval).toBe(30);
      await h.must('keepalive:undo', { configPath: fx.configPath });
      expect((await fs.lstat(fx.configPath)).isSymbolicLink()).toBe(true);
      expect(await fs.readFile(target, 'utf8')).toBe(original);
    });
  });

  /** Keepalive on (30 s) for Host web1 of the `basic` fixture, applied; `then` looks at the result. */
  async function web1On(then: (fx: FixtureHome, h: Harness) => Promise<void>, before?: (fx: FixtureHome) => Promise<void>) {
    await withHome(installFixture('basic'), async (fx, h) => {
      await before?.(fx);
      const snapshot = await h.must('hosts:list', { configPath: fx.configPath });
      const intent: KeepaliveIntent = { configPath: fx.configPath, target: blockOf(rowOf(snapshot, 'web1')), action: 'on', interval: 30 };
      await h.must('keepalive:apply', { ...intent, baseHashes: baseHashes(snapshot) });
      await then(fx, h);
    });
  }

  it('keeps the mode of the file it edits (644 stays 644), through apply and undo', async () => {
    await web1On(
      async (fx, h) => {
        expect((await fs.stat(fx.configPath)).mode & 0o7777).toBe(0o644);
        await h.must('keepalive:undo', { configPath: fx.configPath });
        expect((await fs.stat(fx.configPath)).mode & 0o7777).toBe(0o644);
      },
      (fx) => fs.chmod(fx.configPath, 0o644),
    );
  });

  it('undo refuses when the file changed after the edit, restoring nothing', async () => {
    await web1On(async (fx, h) => {
      await fs.appendFile(fx.configPath, '# later hand edit\n');
      const edited = await readTree(fx.sshDir);
      const undone = await h.call('keepalive:undo', { configPath: fx.configPath });
      expect(undone.ok).toBe(false);
      if (!undone.ok) expect(undone.error.code).toBe('conflict');
      expect(sameTree(edited, await readTree(fx.sshDir))).toEqual([]);
    });
  });

  it('creates a missing ~/.ssh (700) and config (600) for the all-hosts switch; undo removes it', async () => {
    await withHome(makeHome('missing', {}), async (fx, h) => {
      await fs.rm(fx.sshDir, { recursive: true });
      // The default config ('') may be missing (an empty list); `ssh -F` of a missing file is refused.
      const snapshot = await h.must('hosts:list', { configPath: '' });
      expect(snapshot.hosts).toEqual([]);
      const intent: KeepaliveIntent = { configPath: fx.configPath, target: { kind: 'all' }, action: 'on', interval: 60 };
      const preview = await h.must('keepalive:preview', intent);
      expect(preview.kind).toBe('edit');
      await h.must('keepalive:apply', { ...intent, baseHashes: baseHashes(snapshot) });
      expect((await fs.stat(fx.sshDir)).mode & 0o777).toBe(0o700);
      expect((await fs.stat(fx.configPath)).mode & 0o777).toBe(0o600);
      const r = await sshG(fx.configPath, 'anything.example.com', fx.home);
      expect(r.ok && r.values.serverAliveInterval).toBe(60);
      await h.must('keepalive:undo', { configPath: fx.configPath });
      await expect(fs.stat(fx.configPath)).rejects.toThrow();
    });
  });

  it('a generated 5,000-host config: set and unset single hosts', async () => {
    await withHome(makeHome('gen5000-edit', { config: generateConfig(5000, { eol: '\r\n' }) }), async (fx, h) => {
      const snapshot = await h.must('hosts:list', { configPath: fx.configPath });
      const problems: string[] = [];
      for (const pattern of ['node1234', 'node3 node3.fleet.example.com', 'rack4-*']) {
        const row = rowOf(snapshot, pattern);
        expect(row, pattern).toBeDefined();
        const target = blockOf(row);
        const rowFilter = (r: { pattern: string }, i: number) => r.pattern === pattern || i % 1000 === 0;
        problems.push(...(await onThenOff({ fx, h, sampleHost: row.sampleHost, block: target, rowFilter }, target, row.values.serverAliveInterval.value)));
      }
      expect(problems, problems.slice(0, 20).join('\n')).toEqual([]);
    });
  });
});
