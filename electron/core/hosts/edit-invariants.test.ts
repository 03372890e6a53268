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
import type { KeepaliveIntent } from '../../../common/contract/keepalive';
import { checkToggle, sameTree } from '../../../e2e/fixtures/configs/edit-checks';
import { baseHashes, harnessFor } from '../../../e2e/fixtures/configs/harness';
import { generateConfig, installFixture, listFixtures, makeHome, readTree } from '../../../e2e/fixtures/configs/index';
import { sshG } from '../../../e2e/fixtures/configs/openssh';

/** An interval different from the current one, so "on" is always a real change. */
const newInterval = (current: number) => (current === 47 ? 48 : 47);

describe('keepalive edits keep every other byte and agree with ssh -G', () => {
  // Fixtures are independent (own temp HOME each): run a few at once, so one fixture's JS overlaps
  // another's ssh -G processes.
  for (const name of listFixtures()) {
    it.concurrent(name, async ({ expect }) => {
      const fx = await installFixture(name);
      try {
        const h = harnessFor(fx);
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
          const target = { kind: 'block' as const, file: row.file, line: row.line };
          const ec = { fx, h, sampleHost: row.sampleHost, block: target };
          const current = row.values.serverAliveInterval.value;
          problems.push(...(await checkToggle(ec, { configPath: fx.configPath, target, action: 'on', interval: newInterval(current) }, current)));
          problems.push(...(await checkToggle(ec, { configPath: fx.configPath, target, action: 'off' }, current)));
        }
        if (snapshot.hosts.every((r) => r.decided)) {
          const all = snapshot.allHosts;
          const ec = { fx, h, sampleHost: all.sampleHost, block: all.block };
          const current = all.values.serverAliveInterval.value;
          problems.push(...(await checkToggle(ec, { configPath: fx.configPath, target: { kind: 'all' }, action: 'on', interval: newInterval(current) }, current)));
          problems.push(...(await checkToggle(ec, { configPath: fx.configPath, target: { kind: 'all' }, action: 'off' }, current)));
        }
        expect(problems, problems.join('\n')).toEqual([]);
        // Every change was undone: the tree is the fixture again, byte for byte.
        expect(sameTree(original, await readTree(fx.sshDir))).toEqual([]);
      } finally {
        await fx.cleanup();
      }
    });
  }

  it('refuses a change prepared against an older read of the file (conflict), writing nothing', async () => {
    const fx = await installFixture('basic');
    try {
      const h = harnessFor(fx);
      const snapshot = await h.must('hosts:list', { configPath: fx.configPath });
      const row = snapshot.hosts.find((r) => r.pattern === 'web1')!;
      const intent: KeepaliveIntent = { configPath: fx.configPath, target: { kind: 'block', file: row.file, line: row.line }, action: 'on', interval: 30 };
      const preview = await h.must('keepalive:preview', intent);
      expect(preview.kind).toBe('edit');
      // Another program edits the file after the preview.
      await fs.appendFile(fx.configPath, '# added by another editor\n');
      const edited = await readTree(fx.sshDir);
      const applied = await h.call('keepalive:apply', { ...intent, baseHashes: baseHashes(snapshot) });
      expect(applied.ok).toBe(false);
      if (!applied.ok) {
        expect(applied.error.code).toBe('conflict');
        expect(applied.error.file).toBe(fx.configPath);
      }
      expect(sameTree(edited, await readTree(fx.sshDir))).toEqual([]);
    } finally {
      await fx.cleanup();
    }
  });

  it('refuses a change when the included file it edits changed after the preview', async () => {
    const fx = await installFixture('include-glob');
    try {
      const h = harnessFor(fx);
      const snapshot = await h.must('hosts:list', { configPath: fx.configPath });
      const row = snapshot.hosts.find((r) => r.pattern === 'pi')!;
      expect(path.basename(row.file)).toBe('20-personal.conf');
      const intent: KeepaliveIntent = { configPath: fx.configPath, target: { kind: 'block', file: row.file, line: row.line }, action: 'on', interval: 30 };
      const preview = await h.must('keepalive:preview', intent);
      expect(preview.kind === 'edit' && preview.edits.map((e) => e.file)).toEqual([row.file]);
      await fs.writeFile(row.file, (await fs.readFile(row.file, 'utf8')).replace('User pi', 'User pi2'));
      const edited = await readTree(fx.sshDir);
      const applied = await h.call('keepalive:apply', { ...intent, baseHashes: baseHashes(snapshot) });
      expect(applied.ok).toBe(false);
      if (!applied.ok) {
        expect(applied.error.code).toBe('conflict');
        expect(applied.error.file).toBe(row.file);
      }
      expect(sameTree(edited, await readTree(fx.sshDir))).toEqual([]);
    } finally {
      await fx.cleanup();
    }
  });

  it('a ~/.ssh/config that is a symlink into a dotfiles repo stays a symlink; the target is edited and restored', async () => {
    const fx = await makeHome('symlink', {});
    try {
      const dotfiles = path.join(fx.home, 'dotfiles');
      await fs.mkdir(dotfiles);
      const target = path.join(dotfiles, 'ssh_config');
      const original = 'Host box\n  HostName box.example.com\n';
      await fs.writeFile(target, original, { mode: 0o600 });
      await fs.symlink('../dotfiles/ssh_config', fx.configPath);
      const h = harnessFor(fx);
      const snapshot = await h.must('hosts:list', { configPath: fx.configPath });
      const row = snapshot.hosts[0]!;
      const intent: KeepaliveIntent = { configPath: fx.configPath, target: { kind: 'block', file: row.file, line: row.line }, action: 'on', interval: 30 };
      await h.must('keepalive:apply', { ...intent, baseHashes: baseHashes(snapshot) });
      expect((await fs.lstat(fx.configPath)).isSymbolicLink()).toBe(true);
      expect(await fs.readlink(fx.configPath)).toBe('../dotfiles/ssh_config');
      expect(await fs.readFile(target, 'utf8')).toBe('Host box\n  HostName box.example.com\n  ServerAliveInterval 30\n');
      const r = await sshG(fx.configPath, 'box', fx.home);
      expect(r.ok && r.values.serverAliveInterval).toBe(30);
      await h.must('keepalive:undo', { configPath: fx.configPath });
      expect((await fs.lstat(fx.configPath)).isSymbolicLink()).toBe(true);
      expect(await fs.readFile(target, 'utf8')).toBe(original);
    } finally {
      await fx.cleanup();
    }
  });

  it('keeps the mode of the file it edits (644 stays 644), through apply and undo', async () => {
    const fx = await installFixture('basic');
    try {
      await fs.chmod(fx.configPath, 0o644);
      const h = harnessFor(fx);
      const snapshot = await h.must('hosts:list', { configPath: fx.configPath });
      const row = snapshot.hosts.find((r) => r.pattern === 'web1')!;
      const intent: KeepaliveIntent = { configPath: fx.configPath, target: { kind: 'block', file: row.file, line: row.line }, action: 'on', interval: 30 };
      await h.must('keepalive:apply', { ...intent, baseHashes: baseHashes(snapshot) });
      expect((await fs.stat(fx.configPath)).mode & 0o7777).toBe(0o644);
      await h.must('keepalive:undo', { configPath: fx.configPath });
      expect((await fs.stat(fx.configPath)).mode & 0o7777).toBe(0o644);
    } finally {
      await fx.cleanup();
    }
  });

  it('undo refuses when the file changed after the edit, restoring nothing', async () => {
    const fx = await installFixture('basic');
    try {
      const h = harnessFor(fx);
      const snapshot = await h.must('hosts:list', { configPath: fx.configPath });
      const row = snapshot.hosts.find((r) => r.pattern === 'web1')!;
      const intent: KeepaliveIntent = { configPath: fx.configPath, target: { kind: 'block', file: row.file, line: row.line }, action: 'on', interval: 30 };
      await h.must('keepalive:apply', { ...intent, baseHashes: baseHashes(snapshot) });
      await fs.appendFile(fx.configPath, '# later hand edit\n');
      const edited = await readTree(fx.sshDir);
      const undone = await h.call('keepalive:undo', { configPath: fx.configPath });
      expect(undone.ok).toBe(false);
      if (!undone.ok) expect(undone.error.code).toBe('conflict');
      expect(sameTree(edited, await readTree(fx.sshDir))).toEqual([]);
    } finally {
      await fx.cleanup();
    }
  });

  it('creates a missing ~/.ssh (700) and config (600) for the all-hosts switch; undo removes it', async () => {
    const fx = await makeHome('missing', {});
    try {
      await fs.rm(fx.sshDir, { recursive: true });
      const h = harnessFor(fx);
      const snapshot = await h.must('hosts:list', { configPath: fx.configPath });
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
    } finally {
      await fx.cleanup();
    }
  });

  it('a generated 5,000-host config: set and unset single hosts', async () => {
    const fx = await makeHome('gen5000-edit', { config: generateConfig(5000, { eol: '\r\n' }) });
    try {
      const h = harnessFor(fx);
      const snapshot = await h.must('hosts:list', { configPath: fx.configPath });
      const problems: string[] = [];
      for (const pattern of ['node1234', 'node3 node3.fleet.example.com', 'rack4-*']) {
        const row = snapshot.hosts.find((r) => r.pattern === pattern);
        expect(row, pattern).toBeDefined();
        const target = { kind: 'block' as const, file: row!.file, line: row!.line };
        const ec = { fx, h, sampleHost: row!.sampleHost, block: target, rowFilter: (r: { pattern: string }, i: number) => r.pattern === pattern || i % 1000 === 0 };
        const current = row!.values.serverAliveInterval.value;
        problems.push(...(await checkToggle(ec, { configPath: fx.configPath, target, action: 'on', interval: newInterval(current) }, current)));
        problems.push(...(await checkToggle(ec, { configPath: fx.configPath, target, action: 'off' }, current)));
      }
      expect(problems, problems.slice(0, 20).join('\n')).toEqual([]);
    } finally {
      await fx.cleanup();
    }
  });
});
