import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { checkDirChain } from './guard';

/**
 * The helper's own directory, /var/lib/ssh-keepalive: backups, and the scratch directories where
 * candidates are validated. Never TMPDIR (whoever started the helper chose it, and another user
 * may write there: a rename race made root write through a planted link). The directory and every
 * one above it must be real directories owned by root that nobody else can write (checkDirChain),
 * so no other user can swap a name under the helper; files are created with O_EXCL|O_NOFOLLOW
 * anyway. Readable by everyone: backups hold copies of /etc/ssh files, readable by everyone too.
 */
export const STATE_ROOT = '/var/lib/ssh-keepalive';
export const BACKUP_DIR = path.posix.join(STATE_ROOT, 'backups');
const SCRATCH = /^\.check-[0-9A-Za-z]{6}$/;

async function mkdirIfMissing(dir: string): Promise<void> {
  await fs.mkdir(dir, { mode: 0o755 }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
}

/** Creates (0755) and checks `dir` under the state root; throws GuardError when it is not safe. */
export async function safeStateDir(dir: string = STATE_ROOT): Promise<string> {
  if (dir !== STATE_ROOT && path.dirname(dir) !== STATE_ROOT) throw new Error(`${dir} is not a state directory`);
  await checkDirChain(path.dirname(STATE_ROOT), STATE_ROOT);
  await mkdirIfMissing(STATE_ROOT);
  await checkDirChain(STATE_ROOT, STATE_ROOT);
  if (dir !== STATE_ROOT) {
    await mkdirIfMissing(dir);
    await checkDirChain(dir, dir);
  }
  return dir;
}

/**
 * The same checks, creating nothing (a refused request leaves no trace): before undo reads a
 * backup entry, whose paths and bytes root would write back into /etc/ssh.
 */
export async function checkStateDirs(): Promise<void> {
  if (!(await fs.lstat(STATE_ROOT).catch(() => null))) return checkDirChain(STATE_ROOT, STATE_ROOT);
  await checkDirChain(BACKUP_DIR, BACKUP_DIR);
}

/** Writes a new file: fails if the name exists in any form (file, link, FIFO), never follows a link. */
export async function writeNewFile(file: string, bytes: Buffer | string, mode: number): Promise<void> {
  const h = await fs.open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  try {
    await h.writeFile(bytes);
  } finally {
    await h.close();
  }
}

/** Runs `fn` with a fresh root-only (0700) directory under the state root, removed afterwards. */
export async function withScratchDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const root = await safeStateDir();
  await removeStaleScratch(root);
  const dir = await fs.mkdtemp(path.join(root, '.check-'));
  try {
    return await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Scratch directories of a helper killed mid-check: only ours, only when older than a minute. */
async function removeStaleScratch(root: string): Promise<void> {
  for (const name of await fs.readdir(root).catch(() => [] as string[])) {
    if (!SCRATCH.test(name)) continue;
    const st = await fs.lstat(path.join(root, name)).catch(() => null);
    if (st?.isDirectory() && st.uid === 0 && Date.now() - st.mtimeMs > 60_000) await fs.rm(path.join(root, name), { recursive: true, force: true });
  }
}
