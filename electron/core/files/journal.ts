import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../common/contract/app-error';
import { currentHash, hashBytes, readRawFile } from './read';
import { removeFileChecked, writeFileAtomic, type WriteOutcome } from './write';

/**
 * The backup journal: every change the app makes is recorded as one entry holding, for each file,
 * the lines the change replaced (or "did not exist"), where they were, and the file's hash before
 * and after. Undo restores the newest entry of a config, refusing when a file no longer has the hash
 * we left it with (someone edited it since), and checks the restored bytes against the hash before.
 * A toggle on a 50k-host file so journals a few lines, not a copy of the whole file.
 *
 * Layout: <stateDir>/backups/<scope key>/<entry id>/meta.json + <n>.bak (the replaced bytes, 0600
 * in 0700 directories); the scope key is a hash of the config's path, so finding a config's entries
 * never reads another's, and only the newest MAX_ENTRIES per config are kept (fewer when the caller
 * says so: an upload's copy). Entries written before the journal kept lines (no `region`) hold a
 * copy of the whole file, and are restored as such.
 */
interface JournalFile {
  path: string;
  backup: string | null; // file name of the replaced bytes in the entry dir; null = the file did not exist
  /**
   * Where the backup's bytes go: the written file's bytes [offset, offset + afterLength) replaced
   * them, whole lines. Absent: the backup is the whole file (older entries).
   */
  region?: { offset: number; afterLength: number; beforeHash: string };
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
    let region: JournalFile['region'];
    if (o.beforeBytes) {
      backup = `${i}-${path.basename(o.path)}.bak`;
      const r = changedLines(o.beforeBytes, o.afterBytes);
      region = { offset: r.start, afterLength: r.afterEnd - r.start, beforeHash: hashBytes(o.beforeBytes) };
      await fs.writeFile(path.join(dir, backup), o.beforeBytes.subarray(r.start, r.beforeEnd), { mode: 0o600, flag: 'wx' });
    }
    files.push({ path: o.path, backup, ...(region ? { region } : {}), afterHash: o.afterHash, ...(o.noFollow ? { noFollow: true as const } : {}) });
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
  // Check every file first, so a conflict on the second file leaves the first untouched. The bytes
  // read for the check are the ones a journalled region is put back into (the write checks the
  // hash once more right before its rename).
  const current: Buffer[] = [];
  for (const f of last.files) {
    if (f.noFollow && (await fs.lstat(f.path).catch(() => null))?.isSymbolicLink()) {
      throw new AppError('permission', `${f.path} is a symbolic link now: not restored (it could point outside its folder). Nothing was restored.`, { file: f.path });
    }
    const now = await readRawFile(f.path);
    if (now.hash !== f.afterHash) {
      throw new AppError('conflict', `${f.path} changed since SSH Keepalive edited it; undo would lose those changes. Nothing was restored.`, { file: f.path });
    }
    current.push(now.bytes);
  }
  for (const [i, f] of last.files.entries()) {
    if (f.backup === null) {
      await removeFileChecked(f.path, f.afterHash);
    } else {
      const bytes = restoredBytes(f, await fs.readFile(path.join(dir, f.backup)), current[i]!);
      await writeFileAtomic(f.path, bytes, { baseHash: f.afterHash, ...(f.noFollow ? { noFollow: true } : {}) });
    }
  }
  await fs.rm(dir, { recursive: true, force: true });
  return { files: last.files.map((f) => f.path), description: last.description };
}

/**
 * The file as it was before the change: `now` (its current bytes, already hash-checked to be what
 * the app wrote) with the journalled lines put back, refused unless they hash to what the file was.
 */
function restoredBytes(f: JournalFile, backup: Buffer, now: Buffer): Buffer {
  if (!f.region) return backup;
  const { offset, afterLength, beforeHash } = f.region;
  const bytes = Buffer.concat([now.subarray(0, offset), backup, now.subarray(offset + afterLength)]);
  if (hashBytes(bytes) !== beforeHash) {
    throw new AppError('io', `The undo record of ${f.path} does not give back the file as it was (it was altered or is damaged). Nothing was restored.`, { file: f.path });
  }
  return bytes;
}

const NL = 0x0a;
const CHUNK = 4096;

/**
 * The whole lines that differ between two versions of a file: before[start, beforeEnd) became
 * after[start, afterEnd). Common head and tail are found by comparing 4 KB chunks (memcmp), then bytes.
 */
export function changedLines(before: Buffer, after: Buffer): { start: number; beforeEnd: number; afterEnd: number } {
  const min = Math.min(before.length, after.length);
  let head = 0;
  while (head + CHUNK <= min && before.subarray(head, head + CHUNK).equals(after.subarray(head, head + CHUNK))) head += CHUNK;
  while (head < min && before[head] === after[head]) head++;
  let tail = 0;
  const maxTail = min - head;
  while (tail + CHUNK <= maxTail && before.subarray(before.length - tail - CHUNK, before.length - tail).equals(after.subarray(after.length - tail - CHUNK, after.length - tail))) tail += CHUNK;
  while (tail < maxTail && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  // Widen to whole lines: back to just after a newline both share, forward to just after one.
  const start = head === 0 ? 0 : before.lastIndexOf(NL, head - 1) + 1;
  let beforeEnd = before.length - tail;
  let afterEnd = after.length - tail;
  if (tail > 0 && before[beforeEnd - 1] !== NL) {
    const nl = before.indexOf(NL, beforeEnd);
    const grow = nl === -1 ? tail : nl + 1 - beforeEnd;
    beforeEnd += grow;
    afterEnd += grow;
  }
  return { start, beforeEnd, afterEnd };
}
