import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import type { SystemTarget } from '../../openssh/system-keywords';
import { GuardError } from './guard';
import { BACKUP_DIR, safeStateDir, writeNewFile } from './state-dir';

/**
 * Timestamped backups of every system file the helper changes, in a root-owned directory. The
 * entry (meta.json + a copy of each file) is written BEFORE the change, holding the hash of each
 * file before and after; undo accepts a file that has either (a change cut short by a kill).
 * Readable by everyone (the files are /etc/ssh configs, readable by everyone anyway), so the
 * unprivileged app can offer undo; writable only by root, checked before every write (state-dir.ts).
 */
export const BACKUP_ROOT = BACKUP_DIR;

export interface BackupFile {
  path: string;
  /** File name of the copy inside the entry directory; null = the file did not exist. */
  copy: string | null;
  beforeHash: string;
  afterHash: string;
  mode: number | null;
}

export interface BackupEntry {
  id: string;
  target: SystemTarget;
  createdAt: string;
  description: string;
  files: BackupFile[];
}

export async function createEntry(
  target: SystemTarget,
  description: string,
  files: { path: string; before: Buffer | null; beforeHash: string; afterHash: string; mode: number | null }[],
): Promise<BackupEntry> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const id = `${stamp}-${target.replace('_', '-')}-${randomBytes(3).toString('hex')}`;
  await safeStateDir(BACKUP_ROOT);
  const dir = path.join(BACKUP_ROOT, id);
  const tmpDir = path.join(BACKUP_ROOT, `.${id}.tmp`);
  await fs.mkdir(tmpDir, { mode: 0o755 });
  const entry: BackupEntry = { id, target, createdAt: new Date().toISOString(), description, files: [] };
  for (const [i, f] of files.entries()) {
    let copy: string | null = null;
    if (f.before) {
      copy = `${i}-${path.basename(f.path)}`;
      await writeNewFile(path.join(tmpDir, copy), f.before, (f.mode ?? 0o644) & 0o644);
    }
    entry.files.push({ path: f.path, copy, beforeHash: f.beforeHash, afterHash: f.afterHash, mode: f.mode });
  }
  await writeNewFile(path.join(tmpDir, 'meta.json'), JSON.stringify(entry, null, 2) + '\n', 0o644);
  // Rename makes the entry appear complete or not at all.
  await fs.rename(tmpDir, dir);
  return entry;
}

const mode = (m: number) => (m & 0o7777).toString(8).padStart(4, '0');

/**
 * An entry's paths and bytes are what undo writes into /etc/ssh as root, and its hashes come from
 * its own meta.json: so it counts only when root alone could have written it. The entry directory
 * must be a real directory owned by root that nobody else can write (then no one else can swap a
 * name in it either); each file is opened without following a link and judged by what was opened.
 */
async function checkEntryDir(dir: string): Promise<void> {
  const st = await fs.lstat(dir);
  if (st.isSymbolicLink()) throw new GuardError(`the backup entry ${dir} is a symbolic link`, dir);
  if (!st.isDirectory()) throw new GuardError(`the backup entry ${dir} is not a directory`, dir);
  if (st.uid !== 0) throw new GuardError(`the backup entry ${dir} is owned by uid ${st.uid} (it must be root's own)`, dir);
  if ((st.mode & 0o022) !== 0) throw new GuardError(`the backup entry ${dir} is writable by group or others (mode ${mode(st.mode)})`, dir);
}

async function readRootFile(file: string): Promise<Buffer> {
  let h: fs.FileHandle;
  try {
    h = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw new GuardError(`${file} is a symbolic link`, file);
    throw err;
  }
  try {
    const st = await h.stat();
    if (!st.isFile()) throw new GuardError(`${file} is not a regular file`, file);
    if (st.uid !== 0) throw new GuardError(`${file} is owned by uid ${st.uid} (it must be root's own)`, file);
    if (st.nlink !== 1) throw new GuardError(`${file} has ${st.nlink} hard links`, file);
    if ((st.mode & 0o022) !== 0) throw new GuardError(`${file} is writable by group or others (mode ${mode(st.mode)})`, file);
    return await h.readFile();
  } finally {
    await h.close();
  }
}

/**
 * Entries of a target, oldest first. Half-written entries and directories that are not entries
 * are skipped. `trusted` (the helper, before undo): every entry must be root's own (above), or a
 * GuardError names the first that is not; the app's read-only listing (status) leaves that check
 * to the helper.
 */
export async function listEntries(target: SystemTarget, root = BACKUP_ROOT, opts: { trusted?: boolean } = {}): Promise<BackupEntry[]> {
  let names: string[];
  try {
    names = await fs.readdir(root);
  } catch {
    return [];
  }
  const out: BackupEntry[] = [];
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue;
    const meta = path.join(root, name, 'meta.json');
    let text: string;
    if (opts.trusted) {
      await checkEntryDir(path.join(root, name));
      const bytes = await readRootFile(meta).catch((err: unknown) => {
        if (err instanceof GuardError) throw err;
        return null; // no meta.json: not an entry
      });
      if (bytes === null) continue;
      text = bytes.toString('utf8');
    } else {
      const read = await fs.readFile(meta, 'utf8').catch(() => null);
      if (read === null) continue;
      text = read;
    }
    try {
      const entry = JSON.parse(text) as BackupEntry;
      if (entry.id === name && entry.target === target && Array.isArray(entry.files)) out.push(entry);
    } catch {
      /* not an entry */
    }
  }
  return out;
}

/** The bytes of a file as an entry of the helper's holds them (checked as in listEntries' trusted mode). */
export async function readCopy(entry: BackupEntry, f: BackupFile): Promise<Buffer | null> {
  if (f.copy === null) return null;
  if (f.copy.includes('/') || f.copy.startsWith('.')) throw new Error('corrupt backup entry');
  const dir = path.join(BACKUP_ROOT, entry.id);
  await checkEntryDir(dir);
  return readRootFile(path.join(dir, f.copy));
}

export async function dropEntry(entry: BackupEntry): Promise<void> {
  await fs.rm(path.join(BACKUP_ROOT, entry.id), { recursive: true, force: true });
}
