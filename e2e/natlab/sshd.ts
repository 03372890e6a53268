import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { privateMountsArgv } from '../../electron/core/kernel/testing/private-mounts';
import { run, track } from './exec';
import type { Network } from './network';

/** Keys for one lab run: the server's host key and the client user's key (served by an agent). */
export interface LabKeys {
  dir: string;
  hostKey: string;
  userKey: string;
  knownHosts: string;
  /** SHA256:... of the host key, for plink's -hostkey. */
  hostKeyFingerprint: string;
  agentSock: string;
  agentPid: number;
}

export async function createKeys(dir: string, net: Network, ports: number[]): Promise<LabKeys> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const hostKey = path.join(dir, 'ssh_host_ed25519_key');
  const userKey = path.join(dir, 'id_ed25519');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'natlab-host', '-f', hostKey]);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'natlab-user', '-f', userKey]);
  await writeFile(path.join(dir, 'authorized_keys'), await readFile(`${userKey}.pub`), { mode: 0o600 });
  const hostPub = (await readFile(`${hostKey}.pub`, 'utf8')).trim().split(' ').slice(0, 2).join(' ');
  const knownHosts = path.join(dir, 'known_hosts');
  const names = ports.map((p) => (p === 22 ? net.serverAddr : `[${net.serverAddr}]:${p}`));
  await writeFile(knownHosts, names.map((n) => `${n} ${hostPub}\n`).join(''), { mode: 0o600 });
  const hostKeyFingerprint = (await run('ssh-keygen', ['-l', '-f', `${hostKey}.pub`])).stdout.split(' ')[1] ?? '';
  // One agent serves both ssh and plink (plink cannot read OpenSSH key files itself).
  const agentSock = path.join(dir, 'agent.sock');
  const agent = await run('ssh-agent', ['-s', '-a', agentSock]);
  const agentPid = Number(/SSH_AGENT_PID=(\d+)/.exec(agent.stdout)?.[1] ?? NaN);
  await run('ssh-add', ['-q', userKey], { env: { ...process.env, SSH_AUTH_SOCK: agentSock } });
  return { dir, hostKey, userKey, knownHosts, hostKeyFingerprint, agentSock, agentPid };
}

/** A lab sshd's lines: no keepalive of its own; logins with the lab key only. */
export function labSshdLines(keys: LabKeys, listen: string, hostKey: string, pidFile: string): string[] {
  return [
    `ListenAddress ${listen}`,
    `HostKey ${hostKey}`,
    `AuthorizedKeysFile ${path.join(keys.dir, 'authorized_keys')}`,
    'StrictModes no',
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    // The labs open a dozen connections at once; the default 10:30:100 would drop some.
    'MaxStartups 100',
    `PidFile ${pidFile}`,
  ];
}

/** The NAT lab's own sshd_config: keepalive lines only by the app. */
export function sshdConfigText(keys: LabKeys, net: Network, port: number): string {
  const lines = labSshdLines(keys, `${net.serverAddr}:${port}`, keys.hostKey, path.join(keys.dir, `sshd-${port}.pid`));
  return ['# NAT lab sshd: written by the lab; keepalive lines only by the app.', ...lines, ''].join('\n');
}

/**
 * The argv of a lab sshd in the foreground (so the lab owns the process) reading `configFile`.
 * The remote user's shell runs every session command, and bash run by sshd reads ~/.bashrc: a slow
 * one (a version manager's init on a busy machine) keeps a fresh session silent for longer than the
 * NAT timeout. So sshd sees `serverHome`, empty, as root's home, in a private mount namespace.
 */
export async function foregroundSshdArgv(configFile: string, serverHome: string): Promise<string[]> {
  // sshd insists on its privilege-separation directory (Debian's service creates it at boot).
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  await mkdir(serverHome, { recursive: true, mode: 0o700 });
  return privateMountsArgv('lab-home', [[serverHome, os.userInfo().homedir]], ['/usr/sbin/sshd', '-D', '-e', '-f', configFile]);
}

/** Resolves once the sshd `child` logs that it listens; rejects with its log when it exits first or after `timeoutMs`. */
export function untilListening(child: ChildProcess, what: string, timeoutMs: number): Promise<void> {
  let log = '';
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} not listening after ${timeoutMs / 1000} s: ${log}`)), timeoutMs);
    child.stderr?.on('data', (d: Buffer) => {
      if (log.includes('Server listening')) return;
      log += d.toString();
      if (log.includes('Server listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited ${code}: ${log}`));
    });
  });
}

/**
 * Starts sshd in the server namespace and waits until it listens. `wrap` runs it (and its config
 * check) inside a mount namespace when needed.
 */
export async function startSshd(
  net: Network,
  configFile: string,
  logFile: string,
  serverHome: string,
  wrap: (argv: string[]) => string[] = (a) => a,
): Promise<void> {
  const [check, ...checkArgs] = wrap(['/usr/sbin/sshd', '-t', '-f', configFile]);
  await run(check as string, checkArgs);
  const argv = wrap(await foregroundSshdArgv(configFile, serverHome));
  const child = track(spawn('ip', ['netns', 'exec', net.server, ...argv], { stdio: ['ignore', 'ignore', 'pipe'] }));
  child.stderr?.pipe(createWriteStream(logFile));
  await untilListening(child, `sshd (${configFile})`, 10_000);
}
