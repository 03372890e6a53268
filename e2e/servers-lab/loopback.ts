/**
 * The servers lab without the NAT, for the handler tests, the CLI tests and the web e2e: the same
 * real sshds (servers.ts: each in a mount namespace of its own, with a private /etc/ssh, backup
 * directory, /etc/passwd, /etc/shadow and /etc/sudoers, so its login users and their sudo rights
 * exist only there), listening on 127.0.0.1, reached by the real `ssh` through the lab's client
 * config. Root only (namespaces, mounts, sshd); `canRunLoopbackLab` says why not elsewhere.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { canUsePrivateMounts } from '../../electron/core/kernel/testing/private-mounts';
import type { Network } from '../natlab/network';
import { createKeys, foregroundSshdArgv, untilListening, type LabKeys } from '../natlab/sshd';
import { clientConfig, labEtc, makeServer, type LabEtc, type LabServer } from './servers';

export interface LoopbackSpec {
  name: string;
  layout: 'debian' | 'plain';
  /** Which lab login: NOPASSWD sudo, sudo with a password, no sudo, or root. */
  login: 'nopw' | 'pw' | 'nosudo' | 'root';
}

export interface LoopbackLab {
  dir: string;
  /** The lab's client home; its ~/.ssh/config names every server. */
  home: string;
  sshConfig: string;
  servers: LabServer[];
  etc: LabEtc;
  keys: LabKeys;
  byName(name: string): LabServer;
  close(): Promise<void>;
}

export function canRunLoopbackLab(): { ok: boolean; reason: string } {
  return canUsePrivateMounts(['/usr/sbin/sshd', '/usr/bin/ssh', '/usr/bin/sudo', '/usr/bin/unshare']);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** sshd in the server's mount namespace, until it listens. */
async function startSshd(server: LabServer, serverHome: string): Promise<ChildProcess> {
  const argv = server.wrap(await foregroundSshdArgv('/etc/ssh/sshd_config', serverHome));
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  await untilListening(child, `sshd of ${server.name}`, 15_000);
  return child;
}

export async function startLoopbackLab(specs: readonly LoopbackSpec[]): Promise<LoopbackLab> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'servers-loopback-'));
  // The lab users' homes and the authorized keys are read as those users.
  await chmod(dir, 0o755);
  await mkdir('/var/lib/ssh-keepalive', { recursive: true, mode: 0o755 });
  const sshds: ChildProcess[] = [];
  let agentPid = 0;
  const close = async () => {
    for (const c of sshds) c.kill('SIGTERM');
    if (agentPid) {
      try {
        process.kill(agentPid, 'SIGTERM');
      } catch {
        /* gone */
      }
    }
    await rm(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
  };
  try {
    const ports = await Promise.all(specs.map(() => freePort()));
    const net: Network = { client: '', router: '', server: '', serverAddr: '127.0.0.1', clientAddr: '127.0.0.1', natTimeout: 0 };
    const keys = await createKeys(path.join(dir, 'keys'), net, ports);
    agentPid = keys.agentPid;
    await chmod(path.join(dir, 'keys'), 0o755);
    await chmod(path.join(dir, 'keys', 'authorized_keys'), 0o644);
    const etc = await labEtc(path.join(dir, 'etc'));
    const servers: LabServer[] = [];
    for (const [i, spec] of specs.entries()) {
      const user = spec.login === 'root' ? ('root' as const) : etc.users[spec.login];
      servers.push(await makeServer(path.join(dir, 'servers'), { name: spec.name, port: ports[i]!, layout: spec.layout, user }, net, keys, etc));
    }
    const home = path.join(dir, 'home-client');
    await mkdir(path.join(home, '.ssh'), { recursive: true, mode: 0o700 });
    const sshConfig = path.join(home, '.ssh', 'config');
    await writeFile(sshConfig, clientConfig(servers, net, keys), { mode: 0o600 });
    for (const s of servers) sshds.push(await startSshd(s, path.join(dir, 'server-home')));
    return {
      dir,
      home,
      sshConfig,
      servers,
      etc,
      keys,
      byName: (name) => {
        const s = servers.find((x) => x.name === name);
        if (!s) throw new Error(`no lab server ${name}`);
        return s;
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The sudo password of a lab server's login (what a user would type), or null (root, no password). */
export function labPassword(server: LabServer): string | null {
  return server.user === 'root' || server.user.sudo !== 'password' ? null : server.user.password;
}
