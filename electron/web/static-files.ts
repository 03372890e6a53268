import { constants, promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { contentTypeOf } from '../shell/mime';
import { rendererFile } from '../shell/safe-path';

/**
 * Serves one file of the renderer build. Only paths that stay inside `root` (the guard both shells
 * share, shell/safe-path.ts: no `..`, no dotfiles), regular files only, no symlinks below `root`:
 * the web host must never become a file server for the home dir.
 */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse, headOnly: boolean): Promise<void> {
  const file = rendererFile(root, urlPath);
  if (file === null) return plain(res, 404, 'Not found');
  const relative = path.relative(root, file);
  let body: Buffer | null;
  try {
    body = await readWithoutLinks(root, file);
    if (!body) return plain(res, 404, 'Not found');
  } catch {
    if (relative === 'index.html') {
      return plain(res, 503, `The renderer is not built (${root} has no index.html). Run: npm run build`);
    }
    return plain(res, 404, 'Not found');
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', contentTypeOf(file));
  res.setHeader('Content-Length', body.length);
  // Vite's asset names carry a content hash; index.html must always be fetched fresh.
  res.setHeader('Cache-Control', relative === 'index.html' ? 'no-store' : 'private, max-age=3600');
  res.end(headOnly ? undefined : body);
}

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * Reads a regular file under `root` whose every component below `root` is a real directory or file,
 * never a symlink: a link planted in the served folder must not make it serve what it points at.
 * Null for anything else. The final open refuses a link swapped in after the checks (O_NOFOLLOW),
 * and the opened file must be the one checked.
 */
async function readWithoutLinks(root: string, file: string): Promise<Buffer | null> {
  const parts = path.relative(root, file).split(path.sep);
  let current = root;
  let last: Stats | null = null;
  for (const part of parts) {
    current = path.join(current, part);
    last = await fs.lstat(current);
    if (last.isSymbolicLink()) return null;
  }
  if (!last?.isFile()) return null;
  const handle = await fs.open(file, constants.O_RDONLY | O_NOFOLLOW);
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.ino !== last.ino || opened.dev !== last.dev) return null;
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

export function plain(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text + '\n');
}
