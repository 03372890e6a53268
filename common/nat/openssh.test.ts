/**
 * The model's ServerAliveCountMax rule against the real OpenSSH client: a local sshd on 127.0.0.1,
 * the real `ssh`, and a server that stops answering (its session processes get SIGSTOP; the kernel
 * still ACKs, exactly like a server whose replies are lost). The model predicts when ssh gives up.
 * Needs root (sshd) and OpenSSH; skips, saying why, without them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENSSH_DEFAULTS, advance, createSimulation, type SessionSettings } from './simulation';

const SSHD = '/usr/sbin/sshd';
const canRun = process.getuid?.() === 0 && existsSync(SSHD) && spawnSync('ssh', ['-V']).status === 0;
const why = canRun ? '' : ' (skipped: needs root, /usr/sbin/sshd and ssh)';

let dir = '';
let port = 0;
let sshd: ChildProcess | null = null;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

function descendants(pid: number): number[] {
  const out = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.trim();
  const children = out ? out.split('\n').map(Number) : [];
  return children.flatMap((c) => [c, ...descendants(c)]);
}

async function waitForPort(p: number, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(p, '127.0.0.1', () => {
        c.destroy();
        resolve(true);
      });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`sshd did not listen on ${p}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Run {
  /** Seconds from the moment the server went silent to ssh's exit. */
  seconds: number;
  code: number | null;
  stderr: string;
}

/** Connects, waits for the session, optionally freezes the server side, and times ssh's exit. */
function runSsh(interval: number, countMax: number, freezeServer: boolean, started?: (ssh: ChildProcess) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    // -N: no remote command, so no login shell (whose startup files could stall) is involved.
    const args = [
      '-v', '-N', '-F', '/dev/null', '-p', String(port), '-i', path.join(dir, 'id_ed25519'),
      '-o', 'StrictHostKeyChecking=no', '-o', `UserKnownHostsFile=${path.join(dir, 'known_hosts')}`, '-o', 'BatchMode=yes',
      '-o', `ServerAliveInterval=${interval}`, '-o', `ServerAliveCountMax=${countMax}`, '-o', 'TCPKeepAlive=no',
      'root@127.0.0.1',
    ];
    const ssh = spawn('ssh', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    started?.(ssh);
    let stderr = '';
    let silentSince = 0;
    const killer = setTimeout(() => ssh.kill('SIGKILL'), 30_000);
    ssh.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (silentSince || !stderr.includes('Entering interactive session')) return;
      // The session exists; from now on the server says nothing (its processes are frozen, or idle).
      if (freezeServer) for (const pid of descendants(sshd!.pid!)) process.kill(pid, 'SIGSTOP');
      silentSince = performance.now();
    });
    ssh.on('error', reject);
    ssh.on('exit', (code) => {
      clearTimeout(killer);
      if (freezeServer) for (const pid of descendants(sshd!.pid!)) spawnSync('kill', ['-KILL', String(pid)]);
      resolve({ seconds: silentSince ? (performance.now() - silentSince) / 1000 : NaN, code, stderr });
    });
  });
}

/** When the model says the client gives up, for a server that never answers after t = 0. */
function modelEndSeconds(settings: SessionSettings): number | null {
  // A NAT that forgets at once stands for "nothing comes back", which is what a frozen server does.
  const s = advance(createSimulation({ natTimeoutSeconds: 0.001 }, [{ id: 'h', label: 'h', settings, typing: false }]), 600_000);
  const end = s.hosts[0]!.client.endedAt;
  return end === null ? null : end / 1000;
}

describe.skipIf(!canRun)(`ServerAliveCountMax against the real ssh${why}`, () => {
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nat-openssh-'));
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'host_key')]);
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'id_ed25519')]);
    await fs.copyFile(path.join(dir, 'id_ed25519.pub'), path.join(dir, 'authorized_keys'));
    port = await freePort();
    const config = [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${path.join(dir, 'host_key')}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'ClientAliveInterval 0',
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      '',
    ].join('\n');
    await fs.writeFile(path.join(dir, 'sshd_config'), config);
    sshd = spawn(SSHD, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdio: 'ignore' });
    await waitForPort(port, 10_000);
  }, 30_000);

  afterAll(async () => {
    if (sshd?.pid) {
      for (const pid of descendants(sshd.pid)) spawnSync('kill', ['-KILL', String(pid)]);
      sshd.kill('SIGTERM');
    }
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('gives up after interval x (CountMax + 1) when nothing comes back, as the model says', async () => {
    const settings = { ...OPENSSH_DEFAULTS, tcpKeepAlive: false, serverAliveInterval: 2, serverAliveCountMax: 1 };
    const predicted = modelEndSeconds(settings);
    expect(predicted).toBe(4);
    const r = await runSsh(2, 1, true);
    expect(r.stderr).toContain('Timeout, server 127.0.0.1 not responding.');
    expect(r.code).toBe(255);
    // ssh schedules in whole seconds (monotime()), so allow a second either way plus start-up slack.
    expect(r.seconds).toBeGreaterThan(predicted! - 1.1);
    expect(r.seconds).toBeLessThan(predicted! + 1.5);
  }, 40_000);

  it('ServerAliveCountMax 0 hangs up after one silent interval even though the server is fine', async () => {
    const settings = { ...OPENSSH_DEFAULTS, tcpKeepAlive: false, serverAliveInterval: 2, serverAliveCountMax: 0 };
    const predicted = modelEndSeconds(settings);
    expect(predicted).toBe(2);
    const r = await runSsh(2, 0, false);
    expect(r.stderr).toContain('Timeout, server 127.0.0.1 not responding.');
    expect(r.seconds).toBeGreaterThan(predicted! - 1.1);
    expect(r.seconds).toBeLessThan(predicted! + 1.5);
  }, 40_000);

  it('with CountMax 3 and a live server, answered keepalives keep the session (it outlives 4 intervals)', async () => {
    let child: ChildProcess | null = null;
    const done = runSsh(1, 3, false, (c) => (child = c));
    const r = await Promise.race([done, new Promise<null>((resolve) => setTimeout(() => resolve(null), 6_000))]);
    expect(r).toBeNull(); // still connected after 6 s of silence from the user
    (child as ChildProcess | null)?.kill('SIGTERM');
    await done;
  }, 40_000);
});
