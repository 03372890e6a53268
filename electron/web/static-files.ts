import { constants, promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Serves one file of the renderer build. Only paths that stay inside `root` after normalisation,
 * no dotfiles, regular files only, no symlinks below `root`: the web host must never become a file
 * server for the home dir.
 */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse, headOnly: boolean): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return plain(res, 400, 'Bad path');
  }
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (relative.includes('\0') || relative.split(/[\\/]/).some((part) => part.startsWith('.'))) {
    return plain(res, 404, 'Not found');
  }
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return plain(res, 404, 'Not found');
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
  res.setHeader('Content-Type', CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
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
