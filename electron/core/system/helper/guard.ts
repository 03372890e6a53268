import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isAllowedPath, type SystemLayout } from '../../openssh/system-layout';

/**
 * File-system checks the helper makes before it writes (as root) to a path the allowlist accepts:
 * the file is a regular, root-owned file with one link (or absent, for our new drop-in), and every
 * directory above it is a real directory that only root can write. The last rule is what makes the
 * checks hold until the rename: nobody but root can swap a name in those directories.
 */
export class GuardError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
  }
}

async function lstatOrNull(p: string) {
  try {
    return await fs.lstat(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export async function checkDirChain(dir: string, file: string): Promise<void> {
  const parts = dir.split('/').filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const d = '/' + parts.slice(0, i).join('/');
    const st = await lstatOrNull(d);
    if (!st) {
      if (i === parts.length) return; // the drop-in directory itself may be missing: it is created 0755
      throw new GuardError(`${d} does not exist`, file);
    }
    if (st.isSymbolicLink()) throw new GuardError(`${d} is a symbolic link`, file);
    if (!st.isDirectory()) throw new GuardError(`${d} is not a directory`, file);
    if (st.uid !== 0) throw new GuardError(`${d} is not owned by root`, file);
    if ((st.mode & 0o022) !== 0) {
      throw new GuardError(`${d} is writable by other users`, file);
    }
  }
}

export async function checkWritable(layout: SystemLayout, file: string, mayCreate: boolean): Promise<void> {
  if (!isAllowedPath(layout, file)) throw new GuardError(`${file} is not a file SSH Keepalive may change`, file);
  await checkDirChain(path.posix.dirname(file), file);
  const st = await lstatOrNull(file);
  if (!st) {
    if (!mayCreate) throw new GuardError(`${file} does not exist`, file);
    return;
  }
  if (st.isSymbolicLink()) throw new GuardError(`${file} is a symbolic link`, file);
  if (!st.isFile()) throw new GuardError(`${file} is not a regular file`, file);
  if (st.uid !== 0) throw new GuardError(`${file} is not owned by root`, file);
  if (st.nlink !== 1) throw new GuardError(`${file} has ${st.nlink} hard links`, file);
}
