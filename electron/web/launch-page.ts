import { constants, promises as fs, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The page a browser is opened on: a 0600 file in a fresh 0700 directory that sends the browser on
 * to the URL with the token in its fragment. The opener's and the browser's command lines (readable
 * by every local user in /proc) then name only this file, which no other user can read.
 */
export interface LaunchPage {
  /** file:///…/open.html, the only thing that goes on a command line. */
  fileUrl: string;
  file: string;
  /** Deletes the page and its directory (idempotent, never throws). */
  remove(): Promise<void>;
}

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** A directory is safe to hold ours if no one but us (or root) can swap what we create in it. */
async function usableParent(dir: string, uid: number | undefined): Promise<string | null> {
  try {
    const real = await fs.realpath(dir);
    const st = await fs.lstat(real);
    if (!st.isDirectory()) return null;
    if (uid === undefined) return real; // Windows: os.tmpdir() is the user's own profile folder.
    if (st.uid !== uid && st.uid !== 0) return null;
    const othersWrite = (st.mode & 0o022) !== 0;
    const sticky = (st.mode & 0o1000) !== 0;
    return othersWrite && !sticky ? null : real;
  } catch {
    return null;
  }
}

export async function createLaunchPage(target: string): Promise<LaunchPage> {
  const uid = process.getuid?.();
  const candidates = [process.env.XDG_RUNTIME_DIR, os.tmpdir()].filter((d): d is string => !!d && path.isAbsolute(d));
  const failures: string[] = [];
  for (const candidate of candidates) {
    const parent = await usableParent(candidate, uid);
    if (!parent) {
      failures.push(`${candidate} is writable by others or not this user's`);
      continue;
    }
    try {
      return await pageIn(parent, target, uid);
    } catch (err) {
      failures.push((err as Error).message);
    }
  }
  throw new Error(`no private place for the launch page (${failures.join('; ') || 'no temp dir'})`);
}

async function pageIn(parent: string, target: string, uid: number | undefined): Promise<LaunchPage> {
  const dir = await fs.mkdtemp(path.join(parent, 'ssh-keepalive-'));
  const remove = async (): Promise<void> => {
    await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  };
  try {
    const st = await fs.lstat(dir);
    if (!st.isDirectory() || (uid !== undefined && (st.uid !== uid || (st.mode & 0o077) !== 0))) {
      throw new Error(`${dir} is not a private directory of this user`);
    }
    const file = path.join(dir, 'open.html');
    // O_EXCL|O_NOFOLLOW: never write through anything planted under this name.
    const handle = await fs.open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, 0o600);
    try {
      await handle.writeFile(launchHtml(target), 'utf8');
    } finally {
      await handle.close();
    }
    return { fileUrl: pathToFileURL(file).href, file, remove };
  } catch (err) {
    await remove();
    throw err;
  }
}

/** Synchronous removal for process exit (an async rm would never run). */
export function removeLaunchPageSync(page: LaunchPage): void {
  try {
    rmSync(path.dirname(page.file), { recursive: true, force: true });
  } catch {
    // Best effort at exit.
  }
}

/** A meta refresh (no script, so a strict policy is possible) and a link for a browser that ignores it. */
function launchHtml(target: string): string {
  const href = target.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'">`,
    '<meta name="referrer" content="no-referrer">',
    `<meta http-equiv="refresh" content="0;url=${href}">`,
    '<title>SSH Keepalive</title></head>',
    `<body><p><a href="${href}">Open SSH Keepalive</a></p></body></html>`,
    '',
  ].join('\n');
}
