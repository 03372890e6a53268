import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnoseHost } from './diagnose-host';
import { createLabUser, type LabUser } from './testing/lab-user';
import { startLocalSshd, type LocalSshd } from './testing/local-sshd';

/**
 * diagnoseHost against real sshds on 127.0.0.1 as a non-root user (root runs the test: sshd and
 * the private user database need it). Each fact is checked against what OpenSSH 9.2 really does.
 */
const canRun = process.getuid?.() === 0 && process.platform === 'linux';
const has = (cmd: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

let dir = '';
let user: LabUser;
const sshds: LocalSshd[] = [];
let clientConfig = '';

function addHost(alias: string, port: number, extra: string[] = []): void {
  writeFileSync(
    clientConfig,
    [
      readFileSync(clientConfig, 'utf8'),
      `Host ${alias}`,
      '  HostName 127.0.0.1',
      `  Port ${port}`,
      `  User ${user.name}`,
      `  IdentityFile ${dir}/user`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${dir}/known_hosts`,
      '  StrictHostKeyChecking no',
      ...extra.map((l) => `  ${l}`),
      '',
    ].join('\n'),
  );
}

async function server(alias: string, lines: string[], opts: { configDir?: string; extra?: string[] } = {}): Promise<LocalSshd> {
  const s = await startLocalSshd({ dir: opts.configDir ?? `${dir}/etc`, hostKey: `${dir}/keys/host`, lines, wrap: user.wrap });
  sshds.push(s);
  addHost(alias, s.port, opts.extra);
  return s;
}

describe.skipIf(!canRun)('diagnoseHost with real ssh and sshd (non-root login user)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ska-diag-'));
    chmodSync(dir, 0o711);
    mkdirSync(`${dir}/keys`, { mode: 0o700 });
    mkdirSync(`${dir}/etc`, { mode: 0o755 });
    mkdirSync(`${dir}/private-etc`, { mode: 0o700 });
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', `${dir}/keys/host`]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', `${dir}/user`]);
    user = await createLabUser({ dir: `${dir}/users`, home: `${dir}/home`, authorizedKey: readFileSync(`${dir}/user.pub`, 'utf8') });
    clientConfig = `${dir}/ssh_config`;
    writeFileSync(clientConfig, '');
    // The user's own profile makes TMOUT readonly, as CIS-hardened /etc/profile.d files do.
    writeFileSync(`${user.home}/.bash_profile`, 'readonly TMOUT=600\nexport TMOUT\necho "welcome banner"\n');
    chownSync(`${user.home}/.bash_profile`, user.uid, user.gid);
    await server('ct', ['ChannelTimeout session:*=7m', 'ClientAliveInterval 40', 'UnusedConnectionTimeout 5m']);
    // A config sshd can read but this user cannot: sshd -T must not be trusted (nor run).
    await startLocalSshd({ dir: `${dir}/private-etc`, hostKey: `${dir}/keys/host`, lines: ['ClientAliveInterval 1', 'ChannelTimeout session:*=9m'], wrap: user.wrap }).then((s) => {
      sshds.push(s);
      addHost('hidden', s.port);
    });
    await server('jumped', [], { extra: ['ProxyJump ct', 'ServerAliveInterval 30'] });
    // A server where systemd "runs" (its runtime directory says so) and logind.conf.d stops idle
    // sessions: no logind answers here, so the script falls back to the files, as on a real host
    // where loginctl is refused.
    mkdirSync(`${dir}/fake-run-systemd/system`, { recursive: true });
    execFileSync('cp', ['-a', '/etc/systemd', `${dir}/fake-etc-systemd`]);
    mkdirSync(`${dir}/fake-etc-systemd/logind.conf.d`, { recursive: true });
    writeFileSync(`${dir}/fake-etc-systemd/logind.conf.d/50-idle.conf`, '[Login]\nStopIdleSessionSec=15min\n');
    const withSystemd = (argv: string[]) =>
      user.wrap(['sh', '-c', 'mount --bind "$1" /run/systemd && mount --bind "$2" /etc/systemd && shift 2 && exec "$@"', 'fake-systemd', `${dir}/fake-run-systemd`, `${dir}/fake-etc-systemd`, ...argv]);
    const s = await startLocalSshd({ dir: `${dir}/etc`, hostKey: `${dir}/keys/host`, lines: [], wrap: withSystemd });
    sshds.push(s);
    addHost('logind', s.port);
  }, 60_000);

  afterAll(() => {
    for (const s of sshds) s.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads sshd -T of the serving daemon for this user, and a readonly TMOUT from the login shell', async () => {
    const r = await diagnoseHost('ct', { configPath: clientConfig, natTimeout: 300 });
    expect(r.server).toMatchObject({ source: 'sshd -T', clientAliveInterval: 40, clientAliveCountMax: 3, channelTimeout: 'session:*=7m', unusedConnectionTimeout: 300 });
    expect(r.server.version).toMatch(/^OpenSSH_9\.\d/);
    expect(r.server.configLines.map((l) => l.text)).toContain('ChannelTimeout session:*=7m');
    expect(r.shell).toMatchObject({ path: '/bin/bash', tmout: 600, readonly: true, variable: 'TMOUT' });
    expect(r.shell.lines).toContainEqual({ file: `${user.home}/.bash_profile`, line: 1, text: 'readonly TMOUT=600' });
    const killers = r.causes.filter((c) => c.kills).map((c) => [c.id, c.afterSeconds]);
    // 9.2 sends ClientAlive every 2 x 40 s = 80 s < 300 s: the NAT is not a killer.
    expect(killers).toEqual([
      ['sshd-channel-timeout', 420],
      ['shell-tmout', 600],
    ]);
  });

  it('says unknown (with the reason) when the daemon reads a file this user cannot, and measures the keepalive instead', async () => {
    const plain = await diagnoseHost('hidden', { configPath: clientConfig, natTimeout: 300 });
    expect(plain.server.source).toBe('unknown');
    expect(plain.server.reason).toMatch(/cannot read/);
    expect(plain.server.channelTimeout).toBeNull();
    expect(plain.causes.some((c) => c.id === 'unknown')).toBe(true);
    const measured = await diagnoseHost('hidden', { configPath: clientConfig, natTimeout: 300, measureSeconds: 6 });
    // sshd 9.2 sends ClientAliveInterval 1 every ~2 s; the diagnosis reports the configured 1.
    expect(measured.server).toMatchObject({ source: 'measured', clientAliveInterval: 1, channelTimeout: null });
  });

  it('walks the ProxyJump chain with ssh -G and logs in through it', async () => {
    const r = await diagnoseHost('jumped', { configPath: clientConfig, natTimeout: 300 });
    expect(r.hops).toEqual([expect.objectContaining({ name: 'ct', via: 'ProxyJump', serverAliveInterval: 0 })]);
    expect(r.client.serverAliveInterval).toBe(30);
    const hop = r.causes.find((c) => c.id === 'jump-hop-unprotected');
    expect(hop).toMatchObject({ kills: false });
    expect(hop?.summary).toMatch(/travels through it/);
  });

  it.each([
    ['zsh', '.zprofile', 'TMOUT=120', 120, 0],
    ['ksh', '.profile', 'TMOUT=120', 120, 60],
    ['tcsh', '.login', 'set autologout = 2', 120, 0],
  ])('reads the idle logout of %s', async (shell, file, line, tmout, grace) => {
    if (!has(shell)) return;
    await user.setShell(`/bin/${shell}`);
    writeFileSync(`${user.home}/${file}`, `${line}\n`);
    chownSync(`${user.home}/${file}`, user.uid, user.gid);
    try {
      const r = await diagnoseHost('ct', { configPath: clientConfig, natTimeout: null });
      expect(r.shell).toMatchObject({ path: `/bin/${shell}`, tmout, graceSeconds: grace, readonly: false });
      expect(r.shell.lines.map((l) => l.text)).toContain(line);
    } finally {
      rmSync(`${user.home}/${file}`);
      await user.setShell('/bin/bash');
    }
  });

  it('reads logind’s StopIdleSessionSec where systemd runs, and knows a login without a logind session is not stopped', async () => {
    const r = await diagnoseHost('logind', { configPath: clientConfig, natTimeout: null });
    expect(r.logind).toMatchObject({ stopIdleSessionSec: 900, source: 'logind.conf: StopIdleSessionSec=15min', registered: false });
    expect(r.logind?.systemdVersion).toBeGreaterThanOrEqual(252);
    // sshd without PAM registers no logind session: StopIdleSessionSec cannot stop it.
    expect(r.causes.find((c) => c.id === 'logind-idle')).toMatchObject({ kills: false, afterSeconds: 900 });
    // On the other servers (no systemd running) logind is not even asked.
    expect((await diagnoseHost('ct', { configPath: clientConfig, natTimeout: null })).logind).toBeNull();
  });

  it('fails with ssh’s own reason when it cannot log in', async () => {
    writeFileSync(clientConfig, `${readFileSync(clientConfig, 'utf8')}\nHost nokey\n  HostName 127.0.0.1\n  Port ${sshds[0]!.port}\n  User ${user.name}\n  IdentityFile ${dir}/keys/host\n  IdentitiesOnly yes\n  UserKnownHostsFile ${dir}/known_hosts\n  StrictHostKeyChecking no\n`);
    await expect(diagnoseHost('nokey', { configPath: clientConfig, natTimeout: null })).rejects.toMatchObject({ code: 'io', message: expect.stringMatching(/Could not log in to nokey: .*Permission denied/) });
    await expect(diagnoseHost('-oProxyCommand=x', { configPath: clientConfig, natTimeout: null })).rejects.toMatchObject({ code: 'invalid-input' });
  });
});
