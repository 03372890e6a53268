import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Could anyone but root and `uid` change what `file` is? Root is about to run it (through the OS
 * prompt, or directly), so the file and every directory from `/` down to it must be owned by root
 * or by `uid` (a per-user checkout or install is the user's own risk, never another user's way in),
 * and not writable by group or others. A sticky directory (/tmp, an AppImage's mount point's
 * parent) is the one exception: others can add names there, but never rename or remove ours.
 * Returns why it is not trusted (one line, with the path), or null when it is.
 */
export async function untrustedReason(file: string, uid: number): Promise<string | null> {
  return (await trustedRealPath(file, uid)).reason;
}

/**
 * The same check, with the real path it judged: the only path to hand to root. The unresolved one
 * (a link, or a path through one) could be re-pointed by whoever may write the link's directory,
 * which nothing here checked, while the OS prompt waits for the password.
 */
export async function trustedRealPath(file: string, uid: number): Promise<{ real: string; reason: null } | { real: null; reason: string }> {
  const reason = (why: string) => ({ real: null, reason: why });
  if (!path.isAbsolute(file)) return reason(`${file} is not an absolute path`);
  let real: string;
  try {
    real = await fs.realpath(file);
  } catch {
    return reason(`${file} does not exist`);
  }
  const chain: string[] = [];
  for (let p = real; ; p = path.dirname(p)) {
    chain.unshift(p);
    if (path.dirname(p) === p) break;
  }
  for (const p of chain) {
    const st = await fs.lstat(p).catch(() => null);
    if (!st) return reason(`${p} does not exist`);
    const last = p === real;
    if (st.isSymbolicLink()) return reason(`${p} is a symbolic link`); // replaced since realpath()
    if (last ? !st.isFile() : !st.isDirectory()) return reason(`${p} is not a ${last ? 'regular file' : 'directory'}`);
    if (st.uid !== 0 && st.uid !== uid) return reason(`${p} is owned by uid ${st.uid} (only root${uid === 0 ? '' : ` or uid ${uid}`} may own it)`);
    const sticky = !last && (st.mode & 0o1000) !== 0;
    if ((st.mode & 0o022) !== 0 && !sticky) return reason(`${p} is writable by group or others (mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')})`);
  }
  return { real, reason: null };
}
