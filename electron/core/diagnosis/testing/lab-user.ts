import { chmod, chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { privateMountsArgv } from '../../kernel/testing/private-mounts';

/**
 * A non-root login user that exists only for processes started through `wrap` (root tests and the
 * diagnosis lab): private copies of /etc/passwd, /etc/group and /etc/shadow are bind-mounted over
 * the real ones in a private mount namespace, so the machine's user database is never touched.
 * sshd started through `wrap` (and every session it forks) sees the user; nothing else does.
 */
export interface LabUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  /** The user's passwd line can be rewritten in place (same inode: the bind mount sees it). */
  setShell(shell: string): Promise<void>;
  wrap(argv: string[]): string[];
}

export interface LabUserOptions {
  /** Directory for the private user database (root-only is fine). */
  dir: string;
  home: string;
  name?: string;
  uid?: number;
  shell?: string;
  /** Public key allowed to log in (written to ~/.ssh/authorized_keys, owned by the user). */
  authorizedKey: string;
}

export async function createLabUser(opts: LabUserOptions): Promise<LabUser> {
  const name = opts.name ?? 'skalab';
  const uid = opts.uid ?? 42_420;
  const gid = uid;
  await mkdir(opts.dir, { recursive: true, mode: 0o700 });
  // The user must reach its home: parents created here are 0755 (a recursive mkdir would give them 0700).
  await mkdir(path.dirname(opts.home), { recursive: true, mode: 0o755 });
  await mkdir(opts.home, { recursive: true, mode: 0o755 });
  await mkdir(path.join(opts.home, '.ssh'), { recursive: true, mode: 0o700 });
  await writeFile(path.join(opts.home, '.ssh', 'authorized_keys'), opts.authorizedKey, { mode: 0o600 });
  for (const p of [opts.home, path.join(opts.home, '.ssh'), path.join(opts.home, '.ssh', 'authorized_keys')]) await chown(p, uid, gid);
  await chmod(opts.home, 0o755);
  const passwd = path.join(opts.dir, 'passwd');
  const group = path.join(opts.dir, 'group');
  const shadow = path.join(opts.dir, 'shadow');
  const realPasswd = (await readFile('/etc/passwd', 'utf8')).split('\n').filter((l) => l && !l.startsWith(`${name}:`));
  const realGroup = (await readFile('/etc/group', 'utf8')).split('\n').filter((l) => l && !l.startsWith(`${name}:`));
  const writePasswd = (shell: string) => writeFile(passwd, [...realPasswd, `${name}:x:${uid}:${gid}:diagnosis lab:${opts.home}:${shell}`, ''].join('\n'), { mode: 0o644 });
  await writePasswd(opts.shell ?? '/bin/bash');
  await writeFile(group, [...realGroup, `${name}:x:${gid}:`, ''].join('\n'), { mode: 0o644 });
  // "*": no password, not locked (sshd without PAM refuses accounts whose hash starts with "!").
  await writeFile(shadow, `root:*:19000:0:99999:7:::\n${name}:*:19000:0:99999:7:::\n`, { mode: 0o600 });
  return {
    name,
    uid,
    gid,
    home: opts.home,
    setShell: writePasswd,
    wrap: (argv) =>
      privateMountsArgv(
        'ska-lab-user',
        [
          [passwd, '/etc/passwd'],
          [group, '/etc/group'],
          [shadow, '/etc/shadow'],
        ],
        argv,
      ),
  };
}
