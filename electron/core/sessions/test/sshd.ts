import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** A throwaway sshd on 127.0.0.1 (root only: sshd needs it), with its own config, host key and authorized key. */
export const canRunSshd = process.getuid?.() === 0 && spawnSync('/usr/sbin/sshd', ['-V'], { stdio: 'ignore' }).error === undefined;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface TestSshd {
  port: number;
  hostKeyFingerprint: string;
  clientKey: string;
  /** What sshd wrote on stderr so far (its log, at `logLevel`). */
  log(): string;
  stop(): Promise<void>;
}

export async function startSshd(dir: string, opts: { logLevel?: 'ERROR' | 'VERBOSE' | 'DEBUG1' } = {}): Promise<TestSshd> {
  await fs.mkdir('/run/sshd', { recursive: true, mode: 0o755 }); // privilege separation dir
  const hostKey = path.join(dir, 'host_ed25519');
  const clientKey = path.join(dir, 'client_ed25519');
  for (const k of [hostKey, clientKey]) {
    const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', k]);
    if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
  }
  await fs.copyFile(`${clientKey}.pub`, path.join(dir, 'authorized_keys'));
  const fp = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${hostKey}.pub`], { encoding: 'utf8' }).stdout.split(' ')[1]!;
  const port = await freePort();
  const config = path.join(dir, 'sshd_config');
  await fs.writeFile(
    config,
    [
      `ListenAddress 127.0.0.1`,
      `Port ${port}`,
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'PidFile none',
      // The server must not send its own keepalives: we count the client's.
      'ClientAliveInterval 0',
      `LogLevel ${opts.logLevel ?? 'ERROR'}`,
      // bash sources ~/.bashrc for ssh commands when SHLVL < 2; root's may run slow hooks (pyenv rehash
      // waits on a lock shared by every concurrent shell). The test measures plink, not root's dotfiles.
      'SetEnv SHLVL=5',
      '',
    ].join('\n'),
  );
  const proc: ChildProcess = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  // Ready when the port accepts connections.
  for (let i = 0; ; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) break;
    if (proc.exitCode !== null || i > 100) throw new Error(`sshd did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    hostKeyFingerprint: fp,
    clientKey,
    log: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}
