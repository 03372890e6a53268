import { chmod, copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { privateMountsArgv } from '../../electron/core/kernel/testing/private-mounts';

/**
 * The server editor only ever writes /etc/ssh (through the privileged helper). The lab gives it a
 * private /etc/ssh: a directory bind-mounted over it in a private mount namespace, the way the
 * helper's own root tests do, so the host's real /etc/ssh is never touched.
 */
export const HELPER_STATE = '/var/lib/ssh-keepalive';

export interface EtcSsh {
  dir: string;
  state: string;
  /** argv that runs `argv` with `dir` as /etc/ssh (and `state` as the helper's backup directory). */
  wrap(argv: string[]): string[];
}

/** A /etc/ssh like Debian's: the main file, an empty drop-in directory, and the host key (sshd checks a drop-in alone with its default keys). */
export async function privateEtcSsh(parent: string, sshdConfig: string, hostKey: string): Promise<EtcSsh> {
  const dir = await mkdtemp(path.join(parent, 'etc-ssh-'));
  const state = await mkdtemp(path.join(parent, 'helper-state-'));
  await chmod(dir, 0o755);
  await chmod(state, 0o755);
  await mkdir(path.join(dir, 'sshd_config.d'), { mode: 0o755 });
  await writeFile(path.join(dir, 'sshd_config'), sshdConfig, { mode: 0o644 });
  await copyFile(hostKey, path.join(dir, 'ssh_host_ed25519_key'));
  await chmod(path.join(dir, 'ssh_host_ed25519_key'), 0o600);
  await copyFile(`${hostKey}.pub`, path.join(dir, 'ssh_host_ed25519_key.pub'));
  await mkdir(HELPER_STATE, { recursive: true, mode: 0o755 });
  const wrap = (argv: string[]) =>
    privateMountsArgv(
      'natlab-etc-ssh',
      [
        [dir, '/etc/ssh'],
        [state, HELPER_STATE],
      ],
      argv,
    );
  return { dir, state, wrap };
}
