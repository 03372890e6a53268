import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../../common/contract/app-error';

/**
 * Which ssh-keepalive package the running code belongs to, found from the code's own real path:
 * never from the working directory or argv[1] (a bin symlink; a planted package in a shared working
 * directory would otherwise decide which helper runs as root). The privileged helper's launcher
 * (system/helper/locate.ts) and the web host (the renderer build it serves) both use it.
 */

/**
 * The real path of the running code, symlinks resolved. Bundled as ESM (cli.mjs, web/serve.mjs) or
 * run from source (tsx) it is this module's import.meta.url; the CommonJS main bundle gets the
 * bundle's own URL under that name from scripts/build.mjs.
 */
export function ownFile(): string {
  return realpathSync(fileURLToPath(import.meta.url));
}

/**
 * The nearest ancestor of `file` with a package.json named ssh-keepalive, at most 5 levels up
 * (dist/cli.mjs: 1; dist/main/index.cjs, dist/web/serve.mjs: 2; electron/core/kernel/*.ts: 3;
 * electron/core/system/helper/*.ts: 4): no walking on to a stranger's package.json. Null if none.
 */
export function packageRootOf(file: string): string | null {
  let dir = path.dirname(file);
  for (let i = 0; i < 5; i++) {
    try {
      if ((JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name === 'ssh-keepalive') return dir;
    } catch {
      /* not here: one level up */
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

/** The package the running code is in (a checkout or an npm install); an error outside one. */
export function packageRoot(): string {
  const file = ownFile();
  const root = packageRootOf(file);
  if (!root) throw new AppError('internal', `${file} is not inside an ssh-keepalive package.`);
  return root;
}
