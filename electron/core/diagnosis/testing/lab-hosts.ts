import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLabUser, type LabUser } from './lab-user';
import { startLocalSshd, type LocalSshd } from './local-sshd';

/**
 * Real sshds on 127.0.0.1 with a non-root login user, for the tests of the diagnosis's shells
 * (handlers, command line, the web e2e): each test writes the Host blocks `hostBlock` gives into
 * its own client config. Root only (sshd and the private user database need it).
 */
export interface LabHosts {
  dir: string;
  user: LabUser;
  /** Starts an sshd with these lines; `hidden`: its config is in a directory the user cannot read. */
  server(lines: string[], opts?: { hidden?: boolean }): Promise<LocalSshd>;
  /** A Host block that logs in to `port` as the lab user with the lab key, storing nothing of the user's. */
  hostBlock(alias: string, port: number, extra?: string[], opts?: { key?: 'user' | 'wrong' }): string;
  close(): void;
}

export const canRunLabHosts = process.getuid?.() === 0 && process.platform === 'linux';

export async function createLabHosts(): Promise<LabHosts> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ska-diag-shell-'));
  chmodSync(dir, 0o711);
  mkdirSync(`${dir}/keys`, { mode: 0o700 });
  mkdirSync(`${dir}/etc`, { mode: 0o755 });
  mkdirSync(`${dir}/private-etc`, { mode: 0o700 });
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', `${dir}/keys/host`]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', `${dir}/keys/user`]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', `${dir}/keys/wrong`]);
  const user = await createLabUser({ dir: `${dir}/users`, home: `${dir}/home`, authorizedKey: readFileSync(`${dir}/keys/user.pub`, 'utf8') });
  const sshds: LocalSshd[] = [];
  return {
    dir,
    user,
    async server(lines, opts = {}) {
      const s = await startLocalSshd({ dir: opts.hidden ? `${dir}/private-etc` : `${dir}/etc`, hostKey: `${dir}/keys/host`, lines, wrap: user.wrap });
      sshds.push(s);
      return s;
    },
    hostBlock: (alias, port, extra = [], opts = {}) =>
      [
        `Host ${alias}`,
        '  HostName 127.0.0.1',
        `  Port ${port}`,
        `  User ${user.name}`,
        `  IdentityFile ${dir}/keys/${opts.key ?? 'user'}`,
        '  IdentitiesOnly yes',
        `  UserKnownHostsFile ${dir}/known_hosts`,
        '  StrictHostKeyChecking no',
        ...extra.map((l) => `  ${l}`),
        '',
      ].join('\n'),
    close() {
      for (const s of sshds) s.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
