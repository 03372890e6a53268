import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../common/contract/app-error';
import { hashBytes, readRawFile } from './read';

export interface AtomicWriteOptions {
  /** The hash the caller's edit was computed from; '' = the file must not exist yet. */
  baseHash: string;
  /** Mode for a file that does not exist yet (an existing file keeps its own). */
  newFileMode?: number;
  /** Mode for parent directories that must be created (e.g. ~/.ssh: 0o700). */
  newDirMode?: number;
  /**
   * Refuse a path that is a symlink and replace the entry itself, never the link's target (entries
   * of PuTTY's sessions folder: a link there could point anywhere, e.g. ~/.profile).
   */
  noFollow?: boolean;
}

export interface WriteOutcome {
  path: string;
  beforeBytes: Buffer | null;
  /** The bytes written (the caller's own buffer, not a copy): the journal keeps only what differs. */
  afterBytes: Buffer;
  afterHash: string;
  /** The write refused links (opts.noFollow): its undo must refuse them too. */
  noFollow?: true;
}

function conflict(file: string): AppError {
  return new AppError(
    'conflict',
    `${file} changed on disk since it was read (another program edited it). Nothing was written; reload and try again.`,
    { file },
  );
}

/**
 * Replaces a file atomically: write a temp file in the same directory, fsync, give it the old
 * file's mode and owner, then rename over the original. Refuses (nothing written) when the file on
 * disk no longer has `baseHash`. Returns the bytes it replaced, for the backup journal.
 */
export async function writeFileAtomic(file: string, bytes: Buffer, opts: AtomicWriteOptions): Promise<WriteOutcome> {
  const before = await readRawFile(file);
  if (before.hash !== opts.baseHash) throw conflict(file);

  const dir = path.dirname(file);
  if (!before.exists) {
    try {
      await fs.mkdir(dir, { recursive: true, mode: opts.newDirMode ?? 0o700 });
    } catch (err) {
      throw new AppError('io', `Cannot create ${dir}: ${(err as Error).message}`, { file });
    }
  }
  if (opts.noFollow && (await fs.lstat(file).catch(() => null))?.isSymbolicLink()) {
    throw new AppError('permission', `${file} is a symbolic link: not written (it could point outside its folder). Nothing was written.`, { file });
  }
  // noFollow: rename onto the entry itself (a rename never follows a link, even one planted since).
  const realTarget = before.exists && !opts.noFollow ? await fs.realpath(file) : file;
  const tmp = path.join(path.dirname(realTarget), `.${path.basename(realTarget)}.ssh-keepalive-${randomBytes(6).toString('hex')}.tmp`);
  const mode = before.mode ?? opts.newFileMode ?? 0o600;
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
    await handle.writeFile(bytes);
    await handle.chmod(mode);
    if (before.uid !== null && before.gid !== null && process.getuid?.() === 0) {
      await handle.chown(before.uid, before.gid);
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    // Last check right before the rename: shrink the window in which another writer can be lost.
    if ((await readRawFile(file)).hash !== opts.baseHash) throw conflict(file);
    await fs.rename(tmp, realTarget);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    if (err instanceof AppError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new AppError('permission', `Cannot write ${file}: permission denied`, { file });
    }
    throw new AppError('io', `Cannot write ${file}: ${(err as Error).message}`, { file });
  }
  await syncDir(path.dirname(realTarget));
  return { path: file, beforeBytes: before.exists ? before.bytes : null, afterBytes: bytes, afterHash: hashBytes(bytes), ...(opts.noFollow ? { noFollow: true as const } : {}) };
}

/** Removes a file the app created (undo of a creation), with the same conflict rule. */
export async function removeFileChecked(file: string, baseHash: string): Promise<void> {
  const before = await readRawFile(file);
  if (before.hash !== baseHash) throw conflict(file);
  if (!before.exists) return;
  await fs.rm(file);
  await syncDir(path.dirname(file));
}

async function syncDir(dir: string): Promise<void> {
  // Makes the rename durable; not supported on every platform (Windows), where it is best effort.
  try {
    const h = await fs.open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    /* best effort */
  }
}
