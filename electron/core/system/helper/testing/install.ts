import { execFileSync } from 'node:child_process';
import { promises as fs, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A throwaway install of the package as `npm i -g` or a release tarball lays it out: package.json,
 * bin/ssh-keepalive.mjs and dist/{cli.mjs,privileged/helper.cjs} built by scripts/build.mjs from
 * this tree, root-owned 0755 (no node_modules: the bundles are self-contained). Tests run the CLI
 * from it through symlinks and from hostile working directories.
 */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..');

export async function buildInstall(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ska-install-'));
  await fs.chmod(dir, 0o755);
  await fs.copyFile(path.join(REPO_ROOT, 'package.json'), path.join(dir, 'package.json'));
  await fs.mkdir(path.join(dir, 'bin'), { mode: 0o755 });
  await fs.copyFile(path.join(REPO_ROOT, 'bin', 'ssh-keepalive.mjs'), path.join(dir, 'bin', 'ssh-keepalive.mjs'));
  await fs.chmod(path.join(dir, 'bin', 'ssh-keepalive.mjs'), 0o755);
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs'), '--only=cli,helper', `--outdir=${dir}`], { stdio: 'ignore' });
  for (const d of ['dist', 'dist/privileged']) await fs.chmod(path.join(dir, d), 0o755);
  return dir;
}

/**
 * A directory another local user controls (owned by `nobody`), holding what the old launcher
 * looked for: a package.json named ssh-keepalive, scripts/build.mjs and (optionally) a built
 * helper. Each planted script only leaves a marker file when it runs.
 */
export async function plantPackage(withHelper: boolean): Promise<{ dir: string; markers: string[]; cleanup(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ska-planted-'));
  const write = async (rel: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), text, { mode: 0o755 });
  };
  const markers = [path.join(dir, 'PWNED-build'), path.join(dir, 'PWNED-helper')];
  await write('package.json', JSON.stringify({ name: 'ssh-keepalive', version: '6.6.6' }));
  await write('scripts/build.mjs', `import fs from 'node:fs'; fs.writeFileSync(${JSON.stringify(markers[0])}, 'ran as ' + process.getuid());\n`);
  if (withHelper) {
    await write(
      'dist/privileged/helper.cjs',
      `require('fs').writeFileSync(${JSON.stringify(markers[1])}, 'ran as ' + process.getuid());\nconsole.log(JSON.stringify({ ok: true, op: 'apply', target: 'ssh_config', changed: [], backup: '', validated: true, reload: null, message: 'planted' }));\n`,
    );
  }
  await fs.mkdir(path.join(dir, 'sub', 'deeper'), { recursive: true });
  execFileSync('chown', ['-R', '65534:65534', dir]);
  await fs.chmod(dir, 0o755);
  return { dir, markers, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

export async function exists(p: string): Promise<boolean> {
  return fs.lstat(p).then(
    () => true,
    () => false,
  );
}
