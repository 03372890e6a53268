import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, promises as fs, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEBIAN_SSH_CONFIG } from './testing/fixture-io';
import { buildInstall, exists, plantPackage } from './testing/install';
import { APP_UID, appUserPromptStub, appUserReason, asAppUser, canRunRootTests, makeFixture, namespaceArgv, sshG, type Fixture } from './testing/namespace';

/**
 * How the app finds the helper it hands to the OS prompt (or runs as root), attacked the way a
 * local user would: a package planted in a shared working directory, a helper in a directory other
 * users can write, an attacker's TMPDIR and NODE_OPTIONS. The CLI is a real install of this tree
 * (bin + bundles), run through the same symlinks npm creates, in a namespace with a fixture
 * /etc/ssh: as root, and as a normal user (APP_UID) whose OS prompt is a stub that logs what it was
 * asked to run as root (and approves through sudo -n). As root the stub is never asked.
 */
const root = canRunRootTests();
const env = { ok: root.ok && !appUserReason(), reason: root.reason || appUserReason() };
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});
let inst = '';
beforeAll(async () => {
  if (!env.ok) return;
  inst = await buildInstall();
  cleanups.push(() => fs.rm(inst, { recursive: true, force: true }));
}, 120_000);

async function fixture(): Promise<Fixture> {
  const fx = await makeFixture({ files: { ssh_config: DEBIAN_SSH_CONFIG }, dirs: ['ssh_config.d'] });
  cleanups.push(() => fx.cleanup());
  return fx;
}

/** A fresh directory everyone may enter (0755): the app user must reach what is inside. */
function tempDir(prefix: string): string {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(d, 0o755);
  cleanups.push(() => fs.rm(d, { recursive: true, force: true }));
  return d;
}

/** `ssh-keepalive ARGS` started as `entry` (a bin path or a symlink to it) from `cwd`, as root or as the app user. */
function cli(fx: Fixture, entry: string, args: string[], opts: { cwd: string; env?: Record<string, string>; as?: 'app' | number }) {
  const argv = [process.execPath, entry, ...args];
  const user = opts.as === 'app' ? asAppUser(argv) : opts.as === undefined ? argv : ['setpriv', `--reuid=${opts.as}`, `--regid=${opts.as}`, '--clear-groups', ...argv];
  const [cmd, ...rest] = namespaceArgv(fx, user);
  const r = spawnSync(cmd!, rest, { cwd: opts.cwd, encoding: 'utf8', env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', HOME: fx.state, ...opts.env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const realHelperLine = () => `${process.execPath} ${path.join(inst, 'dist', 'privileged', 'helper.cjs')} run`;
const readLog = (log: string) => fs.readFile(log, 'utf8').catch(() => '');
/** Where a prompt stub logs: a fresh file the app user may append to. */
const promptLog = () => path.join(tempDir('ska-prompt-log-'), 'prompts.log');

describe.skipIf(!env.ok)(`the launcher finds the real helper from its own code, never from the working directory ${env.reason}`, () => {
  it.each([
    ['package.json + scripts/build.mjs (old launcher built it, as the user)', false],
    ['package.json + scripts/build.mjs + dist/privileged/helper.cjs (old launcher handed it to the prompt)', true],
  ])('planted %s in a shared directory: the CLI started through node_modules/.bin from a subdirectory never runs them', async (_name, withHelper) => {
    const fx = await fixture();
    const planted = await plantPackage(withHelper);
    cleanups.push(planted.cleanup);
    const bin = path.join(planted.dir, 'node_modules', '.bin');
    await fs.mkdir(bin, { recursive: true });
    await fs.symlink(path.join(inst, 'bin', 'ssh-keepalive.mjs'), path.join(bin, 'ssh-keepalive'));
    const log = promptLog();
    const r = cli(fx, path.join(bin, 'ssh-keepalive'), ['system', 'set', '--interval', '60'], {
      cwd: path.join(planted.dir, 'sub', 'deeper'),
      env: { SSH_KEEPALIVE_ELEVATE: await appUserPromptStub(log, 'approve') },
      as: 'app',
    });
    for (const m of planted.markers) expect(await exists(m), `${m} was created: a planted script ran`).toBe(false);
    expect(await readLog(log)).toBe(`${realHelperLine()}\n`);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(sshG(fx, 'x.example').get('serveraliveinterval')).toBe('60');
  });

  it('README start paths: the bin itself and an `npm link` layout both find the install\'s helper, whatever the working directory holds', async () => {
    const fx = await fixture();
    const planted = await plantPackage(true);
    cleanups.push(planted.cleanup);
    // npm link: <prefix>/lib/node_modules/ssh-keepalive -> the checkout, <prefix>/bin/ssh-keepalive -> its bin.
    const prefix = tempDir('ska-prefix-');
    await fs.mkdir(path.join(prefix, 'lib', 'node_modules'), { recursive: true });
    await fs.mkdir(path.join(prefix, 'bin'));
    await fs.symlink(inst, path.join(prefix, 'lib', 'node_modules', 'ssh-keepalive'));
    await fs.symlink('../lib/node_modules/ssh-keepalive/bin/ssh-keepalive.mjs', path.join(prefix, 'bin', 'ssh-keepalive'));
    const log = promptLog();
    const stub = await appUserPromptStub(log, 'cancel');
    for (const entry of [path.join(inst, 'bin', 'ssh-keepalive.mjs'), path.join(prefix, 'bin', 'ssh-keepalive')]) {
      const r = cli(fx, entry, ['system', 'set', '--interval', '60'], { cwd: path.join(planted.dir, 'sub'), env: { SSH_KEEPALIVE_ELEVATE: stub }, as: 'app' });
      expect(r.code, r.stderr).toBe(126);
      expect(r.stdout).toContain('Cancelled, nothing changed.');
    }
    expect(await readLog(log)).toBe(`${realHelperLine()}\n${realHelperLine()}\n`);
    for (const m of planted.markers) expect(await exists(m)).toBe(false);
  });

  it.each([
    ['dist/privileged is writable by a group other users are in', 'dist/privileged', 'group', /dist\/privileged is writable by group or others/],
    ['the install directory is world-writable', '.', 'world', /ska-install-\w+ is writable by group or others/],
    ['helper.cjs is world-writable', 'dist/privileged/helper.cjs', 'world', /helper\.cjs is writable by group or others/],
    ['helper.cjs belongs to another user', 'dist/privileged/helper.cjs', 'owner', /helper\.cjs is owned by uid 4242/],
    ['dist belongs to another user', 'dist', 'owner', /dist is owned by uid 4242/],
  ])('a helper other users could change is refused before any prompt: %s', async (_name, rel, how, why) => {
    const fx = await fixture();
    const copy = path.join(tempDir('ska-copy-'), path.basename(inst));
    spawnSync('cp', ['-a', inst, copy]);
    const target = path.join(copy, rel);
    if (how === 'group') {
      await fs.chown(target, 0, 65534);
      await fs.chmod(target, 0o775);
    } else if (how === 'world') await fs.chmod(target, (await fs.stat(target)).isDirectory() ? 0o777 : 0o666);
    else await fs.chown(target, 4242, 4242); // neither root nor the app user
    const log = promptLog();
    const before = await fx.snapshot();
    const routes: { env: Record<string, string>; as?: 'app' }[] = [{ env: { SSH_KEEPALIVE_ELEVATE: await appUserPromptStub(log, 'approve') }, as: 'app' }, { env: {} }];
    for (const route of routes) {
      // Through the prompt, and as root without one: the same refusal.
      const r = cli(fx, path.join(copy, 'bin', 'ssh-keepalive.mjs'), ['system', 'set', '--interval', '60'], { cwd: '/', ...route });
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stderr).toMatch(/Refused to run the privileged helper/);
      expect(r.stderr).toMatch(why);
    }
    expect(await readLog(log)).toBe('');
    expect(await fx.snapshot()).toEqual(before);
  });

  it('a helper.cjs that is a link: root is handed the real path that was checked, whoever may write the link\'s directory', async () => {
    const fx = await fixture();
    const copy = path.join(tempDir('ska-copy-'), path.basename(inst));
    spawnSync('cp', ['-a', inst, copy]);
    // The real helper in a safe root-owned directory elsewhere; the link in a directory anyone may write.
    const realDir = tempDir('ska-real-helper-');
    const real = path.join(realDir, 'helper.cjs');
    const link = path.join(copy, 'dist', 'privileged', 'helper.cjs');
    await fs.rename(link, real);
    await fs.symlink(real, link);
    await fs.chmod(path.dirname(link), 0o777);
    const log = promptLog();
    const r = cli(fx, path.join(copy, 'bin', 'ssh-keepalive.mjs'), ['system', 'set', '--interval', '60'], { cwd: '/', env: { SSH_KEEPALIVE_ELEVATE: await appUserPromptStub(log, 'cancel') }, as: 'app' });
    expect(r.code, r.stdout + r.stderr).toBe(126);
    expect(await readLog(log)).toBe(`${process.execPath} ${real} run\n`);
    // What is judged is the real file's directory chain: spoil it and the same start is refused.
    await fs.chmod(realDir, 0o777);
    const refused = cli(fx, path.join(copy, 'bin', 'ssh-keepalive.mjs'), ['system', 'set', '--interval', '60'], { cwd: '/', env: { SSH_KEEPALIVE_ELEVATE: await appUserPromptStub(log, 'cancel') }, as: 'app' });
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(refused.stderr).toContain(`${realDir} is writable by group or others`);
    expect(await readLog(log)).toBe(`${process.execPath} ${real} run\n`);
  });

  it('as root the helper runs as a child with a clean environment: SSH_KEEPALIVE_ELEVATE is ignored, an attacker\'s TMPDIR is never used, NODE_OPTIONS never reaches it', async () => {
    const fx = await fixture();
    const tmp = tempDir('ska-evil-tmp-');
    await fs.chown(tmp, 65534, 65534);
    await fs.chmod(tmp, 0o777);
    const stamp = new Date('2001-01-01T00:00:00Z');
    await fs.utimes(tmp, stamp, stamp);
    // A --require hook that leaves a marker only inside the helper (the CLI loads it too: harmless).
    const hooks = tempDir('ska-hook-');
    const marker = path.join(hooks, 'helper-saw-NODE_OPTIONS');
    const hook = path.join(hooks, 'hook.cjs');
    await fs.writeFile(hook, `if (/helper\\.cjs$/.test(process.argv[1] || '')) require('fs').writeFileSync(${JSON.stringify(marker)}, 'x');\n`);
    // As root an environment variable never picks what root runs (sudo -E, env_keep): no prompt stub.
    const log = promptLog();
    const stub = await appUserPromptStub(log, 'approve');
    const r = cli(fx, path.join(inst, 'bin', 'ssh-keepalive.mjs'), ['system', 'set', '--interval', '60'], { cwd: '/', env: { TMPDIR: tmp, NODE_OPTIONS: `--require ${hook}`, SSH_KEEPALIVE_ELEVATE: stub } });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(await readLog(log), 'the prompt stub was run as root').toBe('');
    expect(sshG(fx, 'x.example').get('serveraliveinterval')).toBe('60');
    // Nothing was ever created or removed in TMPDIR: its mtime would have moved.
    expect((await fs.stat(tmp)).mtime.toISOString()).toBe(stamp.toISOString());
    expect(await fs.readdir(tmp)).toEqual([]);
    expect(await exists(marker)).toBe(false);
  });

  it.skipIf(existsSync('/usr/bin/pkexec'))('a user without pkexec is told the exact sudo command to run instead', async () => {
    const fx = await fixture();
    const before = await fx.snapshot();
    const r = cli(fx, path.join(inst, 'bin', 'ssh-keepalive.mjs'), ['system', 'set', '--interval', '60'], { cwd: '/', as: APP_UID });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toContain('Run: sudo ssh-keepalive system set --interval 60');
    expect(r.stderr).not.toMatch(/options\.env/);
    expect(await fx.snapshot()).toEqual(before);
  });
});
