import { promises as fs } from 'node:fs';
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
 * no dotfiles, regular files only: the web host must never become a file server for the home dir.
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
  let body: Buffer;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return plain(res, 404, 'Not found');
    body = await fs.readFile(file);
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

export function plain(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text + '\n');
}
