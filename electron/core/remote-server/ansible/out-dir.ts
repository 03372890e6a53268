import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * The export directory. What is written there (playbook, inventory, cloud-init) is what the user and
 * runAnsiblePlaybook later run, with a sudo password, and ansible-playbook also loads plugins and
 * vars found next to a playbook or inventory (library/, *_plugins/, group_vars/, ...). So it must be
 * the user's alone: created fresh, or an existing real directory of the user's that group and others
 * cannot write, below directories only root or the user can change (a sticky one such as /tmp
 * excepted: others can add names there, never rename ours). Everything after the check uses the
 * real path that was checked, never a path through a link someone else could re-point.
 */
export class OutDirError extends Error {}

const modeText = (m: number) => (m & 0o7777).toString(8).padStart(4, '0');

function ownerProblem(p: string, st: { uid: number; mode: number }, uid: number, stickyOk: boolean): string | null {
  if (st.uid !== 0 && st.uid !== uid) return `${p} is owned by uid ${st.uid}, not by you`;
  if ((st.mode & 0o022) !== 0 && !(stickyOk && (st.mode & 0o1000) !== 0)) return `${p} is writable by group or others (mode ${modeText(st.mode)})`;
  return null;
}

/** The checked real path of an existing export directory; throws OutDirError saying why not. */
export async function checkOutDir(dir: string): Promise<string> {
  const abs = path.resolve(dir);
  const uid = process.getuid?.();
  const st = await fs.lstat(abs).catch(() => null);
  if (!st) throw new OutDirError(`${abs} does not exist`);
  if (st.isSymbolicLink()) throw new OutDirError(`${abs} is a symbolic link`);
  if (!st.isDirectory()) throw new OutDirError(`${abs} is not a directory`);
  if (uid === undefined) return abs; // Windows: no owners to compare (Ansible does not run there)
  if (st.uid !== uid) throw new OutDirError(`${abs} is owned by uid ${st.uid}, not by you`);
  const own = ownerProblem(abs, st, uid, false);
  if (own) throw new OutDirError(own);
  const real = path.join(await fs.realpath(path.dirname(abs)), path.basename(abs));
  for (let p = path.dirname(real); ; p = path.dirname(p)) {
    const up = await fs.lstat(p);
    if (!up.isDirectory()) throw new OutDirError(`${p} is not a directory`);
    const problem = ownerProblem(p, up, uid, true);
    if (problem) throw new OutDirError(problem);
    if (path.dirname(p) === p) break;
  }
  return real;
}

/** Creates the export directory (0755) unless it exists, then checks it as above. */
export async function prepareOutDir(dir: string): Promise<string> {
  const abs = path.resolve(dir);
  await fs.mkdir(path.dirname(abs), { recursive: true, mode: 0o755 });
  await fs.mkdir(abs, { mode: 0o755 }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  return checkOutDir(abs);
}

/**
 * Writes `name` in a checked directory: a new temp file (O_CREAT|O_EXCL|O_NOFOLLOW, never through a
 * planted link or into someone else's file), then a rename, which replaces a link itself, never its
 * target.
 */
export async function writeInOutDir(dir: string, name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  const tmp = path.join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  const h = await fs.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o644);
  try {
    await h.writeFile(text);
  } catch (err) {
    await h.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await h.close();
  await fs.rename(tmp, file);
  return file;
}

/** A file of the export as the run will read it: a regular file of the user's that others cannot write. */
export async function checkOutFile(file: string): Promise<void> {
  const st = await fs.lstat(file).catch(() => null);
  if (!st) throw new OutDirError(`${file} does not exist`);
  if (!st.isFile()) throw new OutDirError(`${file} is not a regular file`);
  const uid = process.getuid?.();
  if (uid === undefined) return;
  if (st.uid !== uid) throw new OutDirError(`${file} is owned by uid ${st.uid}, not by you`);
  const problem = ownerProblem(file, st, uid, false);
  if (problem) throw new OutDirError(problem);
}
