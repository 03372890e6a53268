import { execFileSync, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../../kernel/testing/temp-dirs';
import { exportAnsible } from './export';
import { runAnsiblePlaybook } from './run';

/**
 * The export directory another local user prepared (security review F3): an `ansible.cfg` whose
 * callback plugin runs code, a `cloud-init.yml` that is a link to the victim's file. The export
 * refuses such a directory, never writes through a link, and the run reads no ansible.cfg from the
 * export directory or the working directory.
 */
const isRoot = process.getuid?.() === 0;
const hasAnsible = spawnSync('ansible-playbook', ['--version'], { stdio: 'ignore' }).status === 0;
const tmp = tempDirs();
const exists = (p: string) => fs.lstat(p).then(() => true, () => false);

/** An empty client config: `ssh -G a` then answers from the defaults only. */
async function config(): Promise<string> {
  const file = path.join(tmp('ska-ansible-cfg-'), 'config');
  await fs.writeFile(file, '');
  return file;
}

/** The victim's file, and an ansible.cfg + callback plugin that leaves `marker` when Ansible loads it. */
async function plant(dir: string): Promise<{ victim: string; marker: string }> {
  const victimDir = tmp('ska-victim-');
  const victim = path.join(victimDir, '.bashrc');
  await fs.writeFile(victim, 'export PS1=victim\n');
  const marker = path.join(tmp('ska-marker-'), 'callback-plugin-ran');
  await fs.mkdir(path.join(dir, 'cb'), { recursive: true });
  await fs.writeFile(path.join(dir, 'ansible.cfg'), `[defaults]\ncallback_plugins = ${path.join(dir, 'cb')}\ncallbacks_enabled = pwn\n`);
  await fs.writeFile(
    path.join(dir, 'cb', 'pwn.py'),
    `open(${JSON.stringify(marker)}, 'w').write('ran')\nfrom ansible.plugins.callback import CallbackBase\nclass CallbackModule(CallbackBase):\n    CALLBACK_VERSION = 2.0\n    CALLBACK_TYPE = 'aggregate'\n    CALLBACK_NAME = 'pwn'\n    CALLBACK_NEEDS_ENABLED = True\n`,
  );
  await fs.symlink(victim, path.join(dir, 'cloud-init.yml'));
  return { victim, marker };
}

describe('the Ansible export directory', () => {
  it.skipIf(!isRoot)('one pre-created by another user (ansible.cfg, cloud-init.yml -> the victim\'s file) is refused; the victim file is untouched', async () => {
    const dir = path.join(tmp('ska-shared-'), 'keepalive-export');
    await fs.mkdir(dir, { mode: 0o755 });
    const { victim } = await plant(dir);
    await fs.chmod(path.dirname(dir), 0o755);
    execFileSync('chown', ['-R', '65534:65534', dir]);
    execFileSync('chown', ['-h', '65534:65534', path.join(dir, 'cloud-init.yml')]);
    await expect(exportAnsible({ hosts: ['a'], interval: 60, outDir: dir, configPath: await config() })).rejects.toThrow(/keepalive-export is owned by uid 65534/);
    expect(await fs.readFile(victim, 'utf8')).toBe('export PS1=victim\n');
    expect((await fs.readdir(dir)).sort()).toEqual(['ansible.cfg', 'cb', 'cloud-init.yml']);
    await expect(runAnsiblePlaybook({ outDir: dir, check: true })).rejects.toThrow(/owned by uid 65534/);
  });

  it('one that group or others may write is refused, and so is one below such a directory', async () => {
    const open = tmp('ska-open-');
    await fs.chmod(open, 0o777);
    await expect(exportAnsible({ hosts: ['a'], interval: 60, outDir: open, configPath: await config() })).rejects.toThrow(/is writable by group or others \(mode 0777\)/);
    await expect(exportAnsible({ hosts: ['a'], interval: 60, outDir: path.join(open, 'fresh'), configPath: await config() })).rejects.toThrow(/is writable by group or others \(mode 0777\)/);
    expect(await fs.readdir(open)).toEqual(['fresh']); // created, refused before anything went in
    expect(await fs.readdir(path.join(open, 'fresh'))).toEqual([]);
  });

  it('a link in the user\'s own directory is replaced, never written through', async () => {
    const dir = tmp('ska-own-export-');
    await fs.chmod(dir, 0o755);
    const { victim } = await plant(dir);
    const r = await exportAnsible({ hosts: ['a'], interval: 60, outDir: dir, configPath: await config() });
    expect(await fs.readFile(victim, 'utf8')).toBe('export PS1=victim\n');
    expect((await fs.lstat(r.files.cloudInit)).isFile()).toBe(true);
    expect(await fs.readFile(r.files.cloudInit, 'utf8')).toMatch(/^#cloud-config\n/);
    expect((await fs.readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it.skipIf(!hasAnsible)('the run reads no ansible.cfg from the export directory or the working directory', async () => {
    const dir = tmp('ska-own-export-');
    await fs.chmod(dir, 0o755);
    const { marker } = await plant(dir);
    await exportAnsible({ hosts: ['a'], interval: 60, outDir: dir, configPath: await config() });
    const home = tmp('ska-ansible-home-');
    const cwd = process.cwd();
    process.chdir(dir); // the app started from the export directory: its ansible.cfg is still not read
    try {
      const r = await runAnsiblePlaybook({ outDir: dir, check: true, env: { ...process.env, HOME: home, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' }, timeoutMs: 120_000 });
      expect(r.output).toContain('PLAY');
    } finally {
      process.chdir(cwd);
    }
    expect(await exists(marker), 'the planted callback plugin ran').toBe(false);
    expect((await fs.readdir(dir)).filter((n) => n.startsWith('.ska-ansible-run-'))).toEqual([]); // the run's own directory is gone
  }, 150_000);
});
