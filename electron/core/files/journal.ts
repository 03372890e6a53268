import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../common/contract/app-error';
import { currentHash } from './read';
import { removeFileChecked, writeFileAtomic, type WriteOutcome } from './write';

/**
 * The backup journal: every change the app makes is recorded as one entry holding a copy of each
 * file as it was before (or "did not exist") and its hash after. Undo restores the newest entry of
 * a config, refusing when a file no longer has the hash we left it with (someone edited it since).
 *
 * Layout: <stateDir>/backups/<scope key>/<entry id>/meta.json + <n>.bak (the old bytes, a plain
 * file copy, 0600 in 0700 directories); the scope key is a hash of the config's path, so finding a
 * config's entries never reads another's, and only the newest MAX_ENTRIES per config are kept (fewer
 * when the caller says so: an upload's copy).
 */
interface JournalFile {
  path: string;
  backup: string | null; // file name of the copy in the entry dir; null = the file did not exist
  afterHash: string;
  /** The change refused links (a PuTTY session file): undo refuses them too, never writes through one. */
  noFollow?: true;
}
interface JournalEntry {
  id: string;
  scope: string; // the root config the change was made for: undo is per config
  createdAt: string;
  description: string;
  files: JournalFile[];
}

const MAX_ENTRIES = 100;
const scopeDir = (stateDir: string, scope: string) =>
  path.join(stateDir, 'backups', createHash('sha256').update(path.resolve(scope)).digest('hex').slice(0, 16));
let sequence = 0;

export async function recordChange(stateDir: string, scope: string, description: string, outcomes: WriteOutcome[], opts: { keep?: number } = {}): Promise<string> {
  const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${String(sequence++).padStart(6, '0')}`;
  const dir = path.join(scopeDir(stateDir, scope), id);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const files: JournalFile[] = [];
  for (const [i, o] of outcomes.entries()) {
    let backup: string | null = null;
    if (o.beforeBytes) {
      backup = `${i}-${path.basename(o.path)}.bak`;
      await fs.writeFile(path.join(dir, backup), o.beforeBytes, { mode: 0o600 });
    }
    files.push({ path: o.path, backup, afterHash: o.afterHash, ...(o.noFollow ? { noFollow: true as const } : {}) });
  }
  const entry: JournalEntry = { id, scope: path.resolve(scope), createdAt: new Date().toISOString(), description, files };
  await fs.writeFile(path.join(dir, 'meta.json'), JSON.stringify(entry, null, 2), { mode: 0o600 });
  const names = await entryNames(stateDir, scope);
  const keep = Math.max(1, Math.min(opts.keep ?? MAX_ENTRIES, MAX_ENTRIES));
  for (const old of names.slice(0, Math.max(0, names.length - keep))) {
    await fs.rm(path.join(scopeDir(stateDir, scope), old), { recursive: true, force: true });
  }
  return id;
}

async function entryNames(stateDir: string, scope: string): Promise<string[]> {
  try {
    return (await fs.readdir(scopeDir(stateDir, scope))).sort();
  } catch {
    return [];
  }
}

/** The newest complete entry of `scope` (a half-written one, without meta.json, is skipped). */
async function lastEntry(stateDir: string, scope: string): Promise<JournalEntry | undefined> {
  const names = await entryNames(stateDir, scope);
  for (let i = names.length - 1; i >= 0; i--) {
    try {
      const entry = JSON.parse(await fs.readFile(path.join(scopeDir(stateDir, scope), names[i]!, 'meta.json'), 'utf8')) as JournalEntry;
      if (entry.scope === path.resolve(scope)) return entry;
    } catch {
      /* not an undo step */
    }
  }
  return undefined;
}

export async function canUndo(stateDir: string, scope: string): Promise<boolean> {
  return (await undoableChange(stateDir, scope)) !== null;
}

/**
 * The newest change of `scope` if it can be undone now (every file it wrote still has the hash the
 * app left; after a foreign edit undo would be refused), with what it did, for the Undo button.
 */
export async function undoableChange(stateDir: string, scope: string): Promise<{ description: string } | null> {
  const last = await lastEntry(stateDir, scope);
  if (!last) return null;
  for (const f of last.files) {
    try {
      if ((await currentHash(f.path)) !== f.afterHash) return null;
    } catch {
      return null; // unreadable now: undo could not check it either
    }
  }
  return { description: last.description };
}

/** Restores the newest change of `scope`. Returns the files restored and the change's description. */
export async function undoLast(stateDir: string, scope: string): Promise<{ files: string[]; description: string }> {
  const last = await lastEntry(stateDir, scope);
  if (!last) throw new AppError('not-found', `Nothing to undo for ${scope}`, { file: scope });
  const dir = path.join(scopeDir(stateDir, scope), last.id);
  // Check every file first, so a conflict on the second file leaves the first untouched.
  for (const f of last.files) {
    if (f.noFollow && (await fs.lstat(f.path).catch(() => null))?.isSymbolicLink()) {
      throw new AppError('permission', `${f.path} is a symbolic link now: not restored (it could point outside its folder). Nothing was restored.`, { file: f.path });
    }
    if ((await currentHash(f.path)) !== f.afterHash) {
      throw new AppError('conflict', `${f.path} changed since SSH Keepalive edited it; undo would lose those changes. Nothing was restored.`, { file: f.path });
    }
  }
  for (const f of last.files) {
    if (f.backup === null) {
      await removeFileChecked(f.path, f.afterHash);
    } else {
      const bytes = await fs.readFile(path.join(dir, f.backup));
      await writeFileAtomic(f.path, bytes, { baseHash: f.afterHash, ...(f.noFollow ? { noFollow: true } : {}) });
    }
  }
  await fs.rm(dir, { recursive: true, force: true });
  return { files: last.files.map((f) => f.path), description: last.description };
}
