import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../common/contract/errors';
import { MAX_SESSION_FILE_BYTES, type ImportedSession, type PuttyImportResult, type SessionSettings, type SkippedEntry } from '../../../common/contract/sessions';
import { readConfigFile, recordChange, writeFileAtomic, type WriteOutcome } from '../files';
import { setUnixSessionKeys } from './edit';
import { parseIni } from './ini';
import { splitInterval } from './mapping';
import { decodeReg, parseRegText, REG_HEADER, type RegData } from './reg';
import { sessionFromUnixFile, sessionsFromIni, sessionsFromReg } from './sessions';
import { formatUnixSession, parseUnixSession } from './unix';

/** Reading and updating session stores on disk: .reg files, WinSCP.ini, PuTTY's Unix session files. */
export type FileFormat = 'reg' | 'ini' | 'unix';

export function detectFormat(bytes: Buffer, file: string): Exclude<FileFormat, 'unix'> | 'unix-file' {
  const { text } = decodeReg(bytes, file);
  const first = text.split(/\r\n|\n|\r/).find((l) => l.trim() !== '')?.trim() ?? '';
  if (first === REG_HEADER || first === 'REGEDIT4') return 'reg';
  if (first.startsWith('[')) return 'ini';
  return 'unix-file';
}

/** Past this a folder is not PuTTY's sessions folder (or a mistaken pick, e.g. a home directory). */
export const MAX_DIR_ENTRIES = 2_000;
export { MAX_SESSION_FILE_BYTES };

const SYMLINK_REASON = 'a symbolic link: not read or changed (it could point outside the folder)';
const tooLarge = `larger than ${MAX_SESSION_FILE_BYTES >> 20} MB: not a PuTTY session`;

/** One folder entry read as PuTTY would, without following a link: O_NOFOLLOW, fstat, bounded read. */
async function readEntry(file: string): Promise<{ bytes: Buffer } | { skip: string }> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { skip: SYMLINK_REASON };
    if (code === 'EACCES' || code === 'EPERM') return { skip: 'not readable (permission denied)' };
    return { skip: `not readable (${code ?? (err as Error).message})` };
  }
  try {
    const st = await handle.stat();
    if (st.isDirectory()) return { skip: 'a folder' };
    if (!st.isFile()) return { skip: 'not a regular file' };
    if (st.size > MAX_SESSION_FILE_BYTES) return { skip: tooLarge };
    // Read at most one byte past the limit: a file growing after the fstat is still caught.
    const buf = Buffer.alloc(Math.min(st.size, MAX_SESSION_FILE_BYTES) + 1);
    let n = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n === buf.length) break;
    }
    if (n > MAX_SESSION_FILE_BYTES) return { skip: tooLarge };
    return { bytes: buf.subarray(0, n) };
  } finally {
    await handle.close();
  }
}

/**
 * Sessions of a file (.reg, WinSCP.ini, one PuTTY session file) or of a sessions folder. A folder is
 * read as PuTTY's own: its plain files; symlinks, subfolders and oversized files are skipped and
 * named in `skipped`, and a folder of more than MAX_DIR_ENTRIES entries is refused.
 */
export async function importFromPath(p: string): Promise<PuttyImportResult> {
  const abs = path.resolve(p);
  let stat;
  try {
    stat = await fs.stat(abs);
  } catch {
    throw new AppError('not-found', `${abs} does not exist`, { file: abs });
  }
  if (stat.isDirectory()) {
    const names = (await fs.readdir(abs)).sort();
    if (names.length > MAX_DIR_ENTRIES) {
      throw new AppError('invalid-input', `${abs} has more than ${MAX_DIR_ENTRIES.toLocaleString('en-US')} entries (${names.length.toLocaleString('en-US')}): not a PuTTY sessions folder. Nothing was read.`, { file: abs });
    }
    const sessions: ImportedSession[] = [];
    const skipped: SkippedEntry[] = [];
    for (const name of names) {
      const f = path.join(abs, name);
      const entry = await readEntry(f);
      if ('skip' in entry) skipped.push({ name, reason: entry.skip });
      else sessions.push(sessionFromUnixFile(name, parseUnixSession(entry.bytes.toString('utf8')), f));
    }
    return { format: 'unix', location: abs, sessions, skipped };
  }
  if (stat.size > MAX_SESSION_FILE_BYTES) throw new AppError('invalid-input', `${abs} is ${tooLarge}, .reg or WinSCP.ini file. Nothing was read.`, { file: abs });
  const file = await readConfigFile(abs);
  const kind = detectFormat(file.bytes, abs);
  if (kind === 'reg') return { format: 'reg', location: abs, sessions: sessionsFromReg(parseRegText(decodeReg(file.bytes, abs).text, abs), abs), skipped: [] };
  if (kind === 'ini') return { format: 'ini', location: abs, sessions: sessionsFromIni(parseIni(file.text, abs), abs), skipped: [] };
  return { format: 'unix', location: abs, sessions: [sessionFromUnixFile(path.basename(abs), parseUnixSession(file.text), abs)], skipped: [] };
}

/** The keepalive values that turn keepalive on for a session of `tool`. */
export function keepaliveValues(tool: 'putty' | 'winscp', interval: number): Array<{ name: string; data: RegData }> {
  const { minutes, seconds } = splitInterval(interval);
  const base = [
    { name: 'PingInterval', data: { kind: 'dword', value: minutes } as RegData },
    { name: 'PingIntervalSecs', data: { kind: 'dword', value: seconds } as RegData },
  ];
  return tool === 'winscp' ? [{ name: 'PingType', data: { kind: 'dword', value: 1 } as RegData }, ...base] : base;
}

/**
 * Writes mapped sessions into a PuTTY sessions directory. A session file that already exists is
 * edited in place (only our keys change: the user's colours, fonts and other settings stay).
 */
export async function writeUnixSessions(stateDir: string, sessionsDir: string, sessions: SessionSettings[]): Promise<string[]> {
  return writeUnixSessionFiles(
    stateDir,
    sessionsDir,
    sessions.map((s) => {
      if (s.unixNameError || !s.unixFile) throw new AppError('invalid-input', `Session "${s.sessionName}": ${s.unixNameError ?? 'no file name'}`);
      return { file: s.unixFile, entries: s.values.map((v) => ({ key: v.name, value: v.value })) };
    }),
  );
}

/** The same, from exported session files (file name + `Key=value` text), as the CLI receives them. */
export async function writeUnixSessionFiles(
  stateDir: string,
  sessionsDir: string,
  files: Array<{ file: string; entries: Array<{ key: string; value: string | number }> }>,
): Promise<string[]> {
  // Every name is checked before the first write: a refusal leaves the whole folder as it was.
  for (const f of files) {
    // Escaped names never hold a separator; refuse anything that would leave the directory.
    if (!/^[A-Za-z0-9+\-.@_%]+$/.test(f.file) || f.file === '.' || f.file === '..') throw new AppError('invalid-input', `Not a PuTTY session file name: ${f.file}`);
    const file = path.join(sessionsDir, f.file);
    if ((await fs.lstat(file).catch(() => null))?.isSymbolicLink()) {
      throw new AppError('permission', `${file} is ${SYMLINK_REASON}. Nothing was written.`, { file });
    }
  }
  const outcomes: WriteOutcome[] = [];
  for (const f of files) {
    const file = path.join(sessionsDir, f.file);
    const cur = await readConfigFile(file);
    const next = cur.exists ? setUnixSessionKeys(cur.text, f.entries) : formatUnixSession(f.entries);
    if (cur.exists && next === cur.text) continue;
    // PuTTY creates its directories with mode 700.
    outcomes.push(await writeFileAtomic(file, Buffer.from(next, cur.encoding), { baseHash: cur.hash, newFileMode: 0o600, newDirMode: 0o700, noFollow: true }));
  }
  if (outcomes.length) await recordChange(stateDir, sessionsDir, `PuTTY sessions: ${files.map((f) => f.file).join(', ')}`, outcomes);
  return outcomes.map((o) => o.path);
}
