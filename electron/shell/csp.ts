/**
 * The renderer's one Content-Security-Policy, sent as a response header by both shells (Electron's
 * app:// handler and the loopback web host). Only our own bundled scripts and styles run: no eval,
 * no inline script, no remote anything, and nothing may frame the page.
 * renderer/index.html carries a looser <meta> copy for `vite dev`; a page obeys both, so the header
 * decides. The shells differ only by the additions below, each with its reason.
 */
export type ShellKind = 'electron' | 'web';

const BASE = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
] as const;

const ADDITIONS: Record<ShellKind, readonly string[]> = {
  // The window's renderer reaches the main process over IPC (the preload bridge) only: it opens no
  // connection at all, so default-src 'none' leaves connect-src closed.
  electron: [],
  // The browser's renderer calls the web host's /api/<channel> and reads its event stream with fetch,
  // on its own origin only.
  web: ["connect-src 'self'"],
};

export function contentSecurityPolicy(shell: ShellKind): string {
  return [...BASE, ...ADDITIONS[shell]].join('; ');
}
