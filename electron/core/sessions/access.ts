import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../common/contract/errors';
import type { SessionSource } from '../../../common/contract/sessions';
import type { Picked, PickedFiles } from './picked';

/** Every source that is a file or folder (the registry is not one). */
export type FileSource = Exclude<SessionSource, { kind: 'registry' }>;

/**
 * Which files the putty:* channels may read and write. The window and the web host answer any page
 * that holds the token or runs in the window, so a path in a request is trusted only inside PuTTY's
 * own sessions folder; any other file must have been chosen by the user (a handle from a dialog or
 * an upload). The command line, run by the user on their own files, takes any path (`anyPath`).
 */
export interface SourceAccess {
  anyPath: boolean;
  /** PuTTY's sessions folder by PuTTY's rule; null where PuTTY keeps none (Windows: the registry). */
  sessionsDir: () => Promise<string | null>;
  picked: PickedFiles;
}

export interface ResolvedSource {
  path: string;
  /** Set for a `picked` source. */
  picked: Picked | null;
}

export async function resolveSource(access: SourceAccess, source: FileSource): Promise<ResolvedSource> {
  if (source.kind === 'picked') {
    const picked = access.picked.get(source.handle);
    return { path: picked.path, picked };
  }
  if (source.kind === 'unix-default') {
    const dir = await access.sessionsDir();
    if (dir === null) throw new AppError('unsupported', 'PuTTY on this system keeps its sessions in the registry.');
    return { path: path.resolve(dir), picked: null };
  }
  if (access.anyPath) return { path: path.resolve(source.path), picked: null };
  return { path: await inSessionsDir(source.path, await access.sessionsDir()), picked: null };
}

/**
 * The sessions folder itself or a plain file directly in it, decided on the path's text before
 * anything is read (the answer never depends on what exists outside): no relative path (it would
 * resolve against the host's working directory), no `..` out, no subfolder, no symlink entry.
 */
async function inSessionsDir(p: string, sessionsDir: string | null): Promise<string> {
  const where = sessionsDir === null ? 'PuTTY keeps its sessions in the registry here' : path.resolve(sessionsDir);
  const refused = new AppError(
    'permission',
    `Refused: ${JSON.stringify(p)} is not in PuTTY's sessions folder (${where}). Other files are read or changed only when you choose them in the app; nothing was read or written.`,
  );
  if (sessionsDir === null || !path.isAbsolute(p)) throw refused;
  const dir = path.resolve(sessionsDir);
  const abs = path.resolve(p);
  const rel = path.relative(dir, abs);
  if (rel === '') return dir;
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel) || rel.includes(path.sep)) throw refused;
  if ((await fs.lstat(abs).catch(() => null))?.isSymbolicLink()) {
    throw new AppError('permission', `Refused: ${abs} is a symbolic link: not read or changed (it could point outside the folder). Nothing was read or written.`, { file: abs });
  }
  return abs;
}
