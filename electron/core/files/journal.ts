import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../contract/errors';
import { currentHash } from './read';
import { removeFileChecked, writeFileAtomic, type WriteOutcome } from './write';

/**
 * The backup journal: every change the app makes is recorded as one entry holding a copy of each
 * file as it was before (or "did not exist") and its hash after. Undo restores the newest entry of
 * a config, refusing when a file no longer has the hash we left it with (someone edited it since).
 *
 * Layout: <stateDir>/backups/<entry id>/meta.json + <n>.bak (the old bytes, a plain file copy).
 */
interface JournalFile {
  path: string;
  backup: string | null; // file name of the copy in the entry dir; null = the file did not exist
  afterHash: string;
}
interface JournalEntry {
  id: string;
  scope: string; // the root config the change was made for: undo is per config
  createdAt: string;
  description: string;
  files: JournalFile[];
}

const backupsDir = (stateDir: string) => path.join(stateDir, 'backups');
let sequence = 0;

export async function recordChange(stateDir: string, scope: string, description: string, outcomes: WriteOutcome[]): Promise<string> {
  const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${sequence++}`;
  const dir = path.join(backupsDir(stateDir), id);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const files: JournalFile[] = [];
  for (const [i, o] of outcomes.entries()) {
    let backup: string | null = null;
    if (o.beforeBytes) {
      backup = `${i}-${path.basename(o.path)}.bak`;
      await fs.writeFile(path.join(dir, backup), o.beforeBytes, { mode: 0o600 });
    }
    files.push({ path: o.path, backup, afterHash: o.afterHash });
  }
  const entry: JournalEntry = { id, scope: path.resolve(scope), createdAt: new Date().toISOString(), description, files };
  await fs.writeFile(path.join(dir, 'meta.json'), JSON.stringify(entry, null, 2), { mode: 0o600 });
  return id;
}

async function entriesFor(stateDir: string, scope: string): Promise<JournalEntry[]> {
  let names: string[];
  try {
    names = await fs.readdir(backupsDir(stateDir));
  } catch {
    return [];
  }
  const out: JournalEntry[] = [];
  for (const name of names.sort()) {
    try {
      const entry = JSON.parse(await fs.readFile(path.join(backupsDir(stateDir), name, 'meta.json'), 'utf8')) as JournalEntry;
      if (entry.scope === path.resolve(scope)) out.push(entry);
    } catch {
      /* a half-written entry is not an undo step */
    }
  }
  return out;
}

/**
 * True when the newest change of `scope` can be undone now: every file it wrote still has the hash
 * the app left. After a foreign edit undo would be refused, so an Undo button would only fail.
 */
export async function canUndo(stateDir: string, scope: string): Promise<boolean> {
  const last = (await entriesFor(stateDir, scope)).at(-1);
  if (!last) return false;
  for (const f of last.files) {
    try {
      if ((await currentHash(f.path)) !== f.afterHash) return false;
    } catch {
      return false; // unreadable now: undo could not check it either
    }
  }
  return true;
}

/** Restores the newest change of `scope`. Returns the files restored and the change's description. */
export async function undoLast(stateDir: string, scope: string): Promise<{ files: string[]; description: string }> {
  const entries = await entriesFor(stateDir, scope);
  const last = entries.at(-1);
  if (!last) throw new AppError('not-found', `Nothing to undo for ${scope}`, { file: scope });
  const dir = path.join(backupsDir(stateDir), last.id);
  // Check every file first, so a conflict on the second file leaves the first untouched.
  for (const f of last.files) {
    if ((await currentHash(f.path)) !== f.afterHash) {
      throw new AppError('conflict', `${f.path} changed since SSH Keepalive edited it; undo would lose those changes. Nothing was restored.`, { file: f.path });
    }
  }
  for (const f of last.files) {
    if (f.backup === null) {
      await removeFileChecked(f.path, f.afterHash);
    } else {
      const bytes = await fs.readFile(path.join(dir, f.backup));
      await writeFileAtomic(f.path, bytes, { baseHash: f.afterHash });
    }
  }
  await fs.rm(dir, { recursive: true, force: true });
  return { files: last.files.map((f) => f.path), description: last.description };
}
