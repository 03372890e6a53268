import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { SystemTarget } from '../../openssh/system-keywords';
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

/** Entries of a target, oldest first. Half-written or foreign entries are skipped. */
export async function listEntries(target: SystemTarget, root = BACKUP_ROOT): Promise<BackupEntry[]> {
  let names: string[];
  try {
    names = await fs.readdir(root);
  } catch {
    return [];
  }
  const out: BackupEntry[] = [];
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue;
    try {
      const entry = JSON.parse(await fs.readFile(path.join(root, name, 'meta.json'), 'utf8')) as BackupEntry;
      if (entry.id === name && entry.target === target && Array.isArray(entry.files)) out.push(entry);
    } catch {
      /* not an entry */
    }
  }
  return out;
}

export async function readCopy(entry: BackupEntry, f: BackupFile): Promise<Buffer | null> {
  if (f.copy === null) return null;
  if (f.copy.includes('/') || f.copy.startsWith('.')) throw new Error('corrupt backup entry');
  return fs.readFile(path.join(BACKUP_ROOT, entry.id, f.copy));
}

export async function dropEntry(entry: BackupEntry): Promise<void> {
  await fs.rm(path.join(BACKUP_ROOT, entry.id), { recursive: true, force: true });
}
