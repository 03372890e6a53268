import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProbeHost } from '../../../common/contract/probe';
import { privateMountsArgv } from '../kernel/testing/private-mounts';
import { sshProbeArgs, sshSpawner } from './ssh-session';

/**
 * The probe's real SSH boundary against a real sshd on 127.0.0.1 (root: sshd needs it), and its
 * options as `ssh -G` resolves them over a config that tries to turn keepalive and multiplexing on.
 */
const isRoot = process.getuid?.() === 0;
let dir = '';
let sshd: ChildProcess | null = null;
let config = '';

async function startSshd(): Promise<number> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    const cfg = path.join(dir, 'sshd_config');
    writeFileSync(
      cfg,
      [`ListenAddress 127.0.0.1:${port}`, `HostKey ${dir}/host`, `AuthorizedKeysFile ${dir}/authorized_keys`, 'StrictModes no', 'UsePAM no', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'PermitRootLogin prohibit-password', `PidFile ${dir}/sshd.pid`, ''].join('\n'),
    );
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    // The session runs the user's shell, which reads ~/.bashrc: a slow one (on a busy machine) would
    // delay "ready" by seconds. sshd gets an empty home in a private mount namespace instead.
    mkdirSync(`${dir}/empty-home`, { recursive: true, mode: 0o700 });
    const [cmd, ...args] = privateMountsArgv('probe-home', [[`${dir}/empty-home`, os.userInfo().homedir]], ['/usr/sbin/sshd', '-D', '-e', '-f', cfg]);
    const child = spawn(cmd!, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const ok = await new Promise<boolean>((resolve) => {
      let log = '';
      const timer = setTimeout(() => resolve(false), 10_000);
      child.stderr!.on('data', (d: Buffer) => {
        log += d.toString();
        if (log.includes('Server listening')) (clearTimeout(timer), resolve(true));
      });
      child.once('exit', () => (clearTimeout(timer), resolve(false)));
    });
    if (ok) {
      sshd = child;
      return port;
    }
    child.kill('SIGKILL');
  }
  throw new Error('sshd did not start');
}

describe.skipIf(!isRoot)('probe ssh session (real ssh and sshd on 127.0.0.1)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'probe-ssh-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', `${dir}/host`]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', `${dir}/user`]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', `${dir}/stranger`]);
    writeFileSync(`${dir}/authorized_keys`, readFileSync(`${dir}/user.pub`));
    const port = await startSshd();
    writeFileSync(`${dir}/known_hosts`, `[127.0.0.1]:${port} ${readFileSync(`${dir}/host.pub`, 'utf8')}`);
    config = path.join(dir, 'config');
    const common = ['    HostName 127.0.0.1', `    Port ${port}`, '    User root', '    IdentitiesOnly yes', `    UserKnownHostsFile ${dir}/known_hosts`, '    StrictHostKeyChecking yes'];
    // The config asks for keepalive and multiplexing: the probe's command line must win.
    writeFileSync(
      config,
      ['Host probe-me', ...common, `    IdentityFile ${dir}/user`, '    ServerAliveInterval 5', '    TCPKeepAlive yes', '    ControlMaster auto', `    ControlPath ${dir}/cm-%C`, '    ControlPersist 60', '', 'Host stranger', ...common, `    IdentityFile ${dir}/stranger`, ''].join('\n'),
      { mode: 0o600 },
    );
  });
  afterAll(() => {
    sshd?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('connects, echoes a line back, and ends the connection on close', async () => {
    const session = await sshSpawner({ host: 'probe-me', configFile: config, connectTimeoutSeconds: 5 })(new AbortController().signal);
    expect(await session.echo(5_000)).toBe(true);
    expect(await session.echo(5_000)).toBe(true);
    session.close();
    expect(await session.echo(1_000)).toBe(false);
  });

  it('fails with ssh’s own reason when the key is not accepted (no prompt: BatchMode)', async () => {
    await expect(sshSpawner({ host: 'stranger', configFile: config, connectTimeoutSeconds: 5 })(new AbortController().signal)).rejects.toMatchObject({
      code: 'io',
      message: expect.stringMatching(/Permission denied/),
    });
  });

  it('turns keepalive and multiplexing off over the config, as ssh -G resolves it', () => {
    const args = sshProbeArgs({ host: 'probe-me', configFile: config });
    const g = execFileSync('ssh', ['-G', ...args.slice(0, -1)], { encoding: 'utf8' });
    const v = new Map(g.split('\n').map((l) => [l.split(' ')[0], l.slice(l.indexOf(' ') + 1)] as const));
    expect(v.get('serveraliveinterval')).toBe('0');
    expect(v.get('tcpkeepalive')).toBe('no');
    expect(v.get('controlmaster')).toBe('false');
    expect(v.has('controlpath')).toBe(false); // ssh -G omits a ControlPath of none
    expect(v.get('batchmode')).toBe('yes');
    expect(v.get('hostname')).toBe('127.0.0.1');
  });
});

describe('probe host names', () => {
  it('refuses anything ssh could read as an option or that holds spaces', () => {
    for (const bad of ['-oProxyCommand=touch /tmp/x', '', 'a b', 'host;rm', '--']) expect(ProbeHost.safeParse(bad).success).toBe(false);
    for (const good of ['db', 'deploy@web1.example.com', '192.0.2.7', '[2001:db8::1]', 'case1-no-keepalive']) expect(ProbeHost.safeParse(good).success).toBe(true);
  });
});
