import path from 'node:path';

/**
 * The file of the renderer build a URL path names, or null when it would leave `root`: the one
 * guard both shells use (Electron's app:// handler, the web host), so the window and the browser
 * refuse the same paths. `pathname` is as the URL carries it (percent-encoded). Refused: a bad
 * escape, NUL, a backslash (a separator on Windows), and any segment starting with a dot (`.`, `..`,
 * dotfiles: the build has none). Pure: no file is touched (the web host also refuses symlinks when
 * it reads, see web/static-files.ts).
 */
export function rendererFile(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded.replace(/^\/+/, '') || 'index.html';
  const segments = relative.split('/');
  if (segments.some((s) => s.startsWith('.'))) return null;
  const resolvedRoot = path.resolve(root);
  const file = path.resolve(resolvedRoot, ...segments);
  if (!file.startsWith(resolvedRoot + path.sep)) return null;
  return file;
}
