import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../core/kernel/testing/temp-dirs';

/**
 * bin/ssh-keepalive.mjs in a source checkout without dist/ (security review F1, F2): it refuses and
 * names the build command; it never runs the TypeScript source through tsx, whose transform cache
 * ($TMPDIR/tsx-<euid>) another local user can create first and fill, and which takes tsconfig.json
 * (`paths` remapping `zod`) from the working directory and every directory above it.
 */
const REPO = path.resolve(__dirname, '..', '..');
const tmp = tempDirs();

/** A checkout as a clone has it before `npm run build`: the sources and node_modules, no dist/. */
async function unbuiltCheckout(): Promise<string> {
  const pkg = path.join(tmp('ska-unbuilt-bin-'), 'pkg');
  await fs.mkdir(path.join(pkg, 'bin'), { recursive: true });
  await fs.copyFile(path.join(REPO, 'bin', 'ssh-keepalive.mjs'), path.join(pkg, 'bin', 'ssh-keepalive.mjs'));
  for (const name of ['electron', 'common', 'node_modules', 'package.json', 'tsconfig.json']) await fs.symlink(path.join(REPO, name), path.join(pkg, name));
  return pkg;
}

/** What the old fallback did (tsx's register(), then the source): an attacker runs it to fill a cache. */
const OLD_FALLBACK = `import { pathToFileURL } from 'node:url';
const { register } = await import('tsx/esm/api');
register();
await import(pathToFileURL(process.argv.splice(2, 1)[0]).href);
`;

function run(argv: string[], cwd: string, tmpdir: string) {
  const r = spawnSync(process.execPath, argv, { cwd, encoding: 'utf8', timeout: 120_000, env: { PATH: process.env.PATH ?? '', HOME: tmpdir, TMPDIR: tmpdir } });
  return { code: r.status, out: r.stdout + r.stderr };
}

const exists = (p: string) => fs.lstat(p).then(() => true, () => false);

describe('the ssh-keepalive bin without dist/', () => {
  it('refuses with "run npm run build in <root>" and runs nothing from a planted tsx cache', async () => {
    const pkg = await unbuiltCheckout();
    const neutral = tmp('ska-neutral-cwd-');
    // Another user's TMPDIR-to-be: the cache directory tsx would use, filled with entries whose keys
    // match this checkout's files (made by running tsx on them), each entry's code poisoned.
    const evilTmp = tmp('ska-evil-tmpdir-');
    const marker = path.join(tmp('ska-marker-'), 'ran-from-tsx-cache');
    await fs.writeFile(path.join(pkg, 'bin', 'fill-cache.mjs'), OLD_FALLBACK);
    const filled = run([path.join(pkg, 'bin', 'fill-cache.mjs'), path.join(pkg, 'electron', 'cli.ts'), '--help'], neutral, evilTmp);
    expect(filled.out).toContain('usage: ssh-keepalive');
    await fs.rm(path.join(pkg, 'bin', 'fill-cache.mjs'));
    const cacheDir = path.join(evilTmp, `tsx-${process.geteuid?.() ?? 0}`);
    let poisoned = 0;
    for (const name of await fs.readdir(cacheDir)) {
      const file = path.join(cacheDir, name);
      const entry = JSON.parse(await fs.readFile(file, 'utf8')) as { code?: unknown };
      if (typeof entry.code !== 'string') continue;
      const payload = `import __skFs from "node:fs"; __skFs.writeFileSync(${JSON.stringify(marker)}, "ran");\n`;
      const shebang = entry.code.startsWith('#!') ? entry.code.indexOf('\n') + 1 : 0;
      entry.code = entry.code.slice(0, shebang) + payload + entry.code.slice(shebang);
      await fs.writeFile(file, JSON.stringify(entry));
      poisoned++;
    }
    expect(poisoned).toBeGreaterThan(10);

    const r = run([path.join(pkg, 'bin', 'ssh-keepalive.mjs'), '--help'], neutral, evilTmp);
    expect(await exists(marker), 'code from the planted tsx cache ran').toBe(false);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain(`run npm run build in ${pkg}`);
    expect(r.out).not.toContain('usage: ssh-keepalive');
  }, 180_000);

  it('runs nothing a tsconfig.json in the working directory (or above it) points at', async () => {
    const pkg = await unbuiltCheckout();
    // A shared directory another user owns: tsconfig `paths` send `zod` to their module.
    const shared = tmp('ska-shared-cwd-');
    const marker = path.join(shared, 'ran-from-tsconfig');
    const zod = path.join(REPO, 'node_modules', 'zod', 'index.js');
    await fs.writeFile(path.join(shared, 'tsconfig.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { zod: ['./evil-zod.mjs'] } } }));
    await fs.writeFile(path.join(shared, 'evil-zod.mjs'), `import fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(marker)}, 'ran');\nexport * from ${JSON.stringify(zod)};\n`);
    await fs.mkdir(path.join(shared, 'sub', 'deeper'), { recursive: true });
    const r = run([path.join(pkg, 'bin', 'ssh-keepalive.mjs'), 'hosts', '--json'], path.join(shared, 'sub', 'deeper'), tmp('ska-own-tmpdir-'));
    expect(await exists(marker), 'the planted module ran').toBe(false);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain(`run npm run build in ${pkg}`);
  }, 180_000);
});
