import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../../kernel/testing/temp-dirs';
import { locateHelper, runningCode, type RunningCode } from './locate';
import { REPO_ROOT } from './testing/install';

/**
 * Where the launcher looks for the helper: only next to the running code (a checkout, an npm
 * install, a packaged app's resources), never in the working directory. The root suite
 * (launch.root.test.ts) runs the same through real bin symlinks with a planted package.
 */
const tmp = tempDirs();
async function put(file: string, text = ''): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text);
  return file;
}
const node = (ownFile: string): RunningCode => ({ ownFile, electron: false, platform: 'linux', execPath: '/usr/bin/node' });

describe('locating the privileged helper', () => {
  it('finds dist/privileged/helper.cjs from each bundle and from the source, by the package the code is in', async () => {
    const root = tmp('ska-pkg-');
    await put(path.join(root, 'package.json'), JSON.stringify({ name: 'ssh-keepalive' }));
    const helper = await put(path.join(root, 'dist', 'privileged', 'helper.cjs'));
    for (const own of ['dist/cli.mjs', 'dist/web/serve.mjs', 'dist/main/index.cjs', 'electron/core/kernel/package-root.ts', 'electron/core/system/helper/locate.ts']) {
      expect(locateHelper(node(path.join(root, own))), own).toEqual({ argv: ['/usr/bin/node', helper], env: {}, files: ['/usr/bin/node', helper] });
    }
    // An Electron binary from a checkout: pkexec clears the environment, so /usr/bin/env sets it.
    expect(locateHelper({ ...node(path.join(root, 'dist/main/index.cjs')), electron: true, execPath: '/x/electron' }).argv).toEqual(['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', '/x/electron', helper]);
  });

  it('never builds: a checkout without dist/ gets an error that says to run npm run build', async () => {
    const root = tmp('ska-unbuilt-');
    await put(path.join(root, 'package.json'), JSON.stringify({ name: 'ssh-keepalive' }));
    await put(path.join(root, 'scripts', 'build.mjs'), 'throw new Error("must not run")');
    expect(() => locateHelper(node(path.join(root, 'dist', 'cli.mjs')))).toThrow(/is not built .* run "npm run build" in /);
    expect(await fs.readdir(root)).toEqual(['package.json', 'scripts']);
  });

  it('code outside an ssh-keepalive package finds nothing (no walking to a stranger\'s package.json)', async () => {
    const root = tmp('ska-other-');
    await put(path.join(root, 'package.json'), JSON.stringify({ name: 'something-else' }));
    await put(path.join(root, 'dist', 'privileged', 'helper.cjs'));
    expect(() => locateHelper(node(path.join(root, 'dist', 'cli.mjs')))).toThrow(/not inside an ssh-keepalive package/);
  });

  it('the running code ignores the working directory, even one holding a complete planted package', async () => {
    const planted = tmp('ska-cwd-');
    await put(path.join(planted, 'package.json'), JSON.stringify({ name: 'ssh-keepalive' }));
    await put(path.join(planted, 'dist', 'privileged', 'helper.cjs'));
    const cwd = process.cwd();
    process.chdir(planted);
    try {
      const code = runningCode();
      expect(code.ownFile).toBe(path.join(REPO_ROOT, 'electron', 'core', 'kernel', 'package-root.ts'));
      let where: string;
      try {
        where = locateHelper(code).argv.join(' ');
      } catch (err) {
        where = (err as Error).message; // this checkout may not be built: the error names it
      }
      expect(where).toContain(path.join(REPO_ROOT, 'dist', 'privileged', 'helper.cjs'));
      expect(where).not.toContain(planted);
    } finally {
      process.chdir(cwd);
    }
  });

  it('packaged app: the root-owned wrapper in resources/privileged on Linux (the polkit exec.path), helper.cjs elsewhere; resources resolved', async () => {
    const app = tmp('ska-app-');
    const resources = path.join(app, 'resources');
    const helper = await put(path.join(resources, 'privileged', 'helper.cjs'));
    const wrapper = await put(path.join(resources, 'privileged', 'ssh-keepalive-helper'));
    const link = path.join(tmp('ska-link-'), 'resources');
    await fs.symlink(resources, link);
    const packaged = { ownFile: path.join(resources, 'app.asar', 'dist', 'main', 'index.cjs'), resourcesPath: link, electron: true, execPath: path.join(app, 'ssh-keepalive') };
    expect(locateHelper({ ...packaged, platform: 'linux' })).toEqual({ argv: [wrapper], env: {}, files: [wrapper, helper, path.join(app, 'ssh-keepalive')] });
    expect(locateHelper({ ...packaged, platform: 'darwin' })).toEqual({ argv: [packaged.execPath, helper], env: { ELECTRON_RUN_AS_NODE: '1' }, files: [packaged.execPath, helper] });
  });

  it('the CommonJS main bundle gets a real import.meta.url (esbuild would leave it empty)', () => {
    const out = tmp('ska-main-');
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs'), '--only=main', `--outdir=${out}`], { stdio: 'ignore' });
    return fs.readFile(path.join(out, 'dist', 'main', 'index.cjs'), 'utf8').then((text) => {
      expect(text.startsWith('"use strict";\nconst __skImportMetaUrl = require(\'node:url\').pathToFileURL(__filename).href;')).toBe(true);
      expect(text).not.toMatch(/import_meta\d* = \{\}/);
      expect(text).toMatch(/fileURLToPath\)\(__skImportMetaUrl\)/);
    });
  });
});
