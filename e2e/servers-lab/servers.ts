import { randomBytes } from 'node:crypto';
import { chmod, chown, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { privateMountsArgv } from '../../electron/core/kernel/testing/private-mounts';
import { run } from '../natlab/exec';
import type { Network } from '../natlab/network';
import { labSshdLines, type LabKeys } from '../natlab/sshd';

/**
 * The servers: real sshds in the lab's server namespace, each in a mount namespace of its own where
 * /etc/ssh (and SSH Keepalive's backup directory) are private, and where /etc/passwd, /etc/shadow,
 * /etc/group and /etc/sudoers are the lab's: its login users exist only there, and so do their sudo
 * rights. Nothing of the host's own configuration is touched.
 */
export interface LabUser {
  name: string;
  uid: number;
  password: string;
  sudo: 'nopasswd' | 'password' | 'none';
  shell: string;
  home: string;
}

export interface LabServer {
  /** Host alias in the lab's client config. */
  name: string;
  port: number;
  layout: 'debian' | 'plain';
  /** The SSH login there. */
  user: LabUser | 'root';
  /** The directory that is /etc/ssh inside the server's mount namespace. */
  etcDir: string;
  /** The directory that is /var/lib/ssh-keepalive there. */
  stateDir: string;
  pidFile: string;
  /** argv that runs `argv` in a fresh mount namespace with this server's files. */
  wrap(argv: string[]): string[];
}

export interface LabEtc {
  passwd: string;
  shadow: string;
  group: string;
  sudoers: string;
  sudoersD: string;
  users: { nopw: LabUser; pw: LabUser; nosudo: LabUser };
}

async function hashPassword(password: string): Promise<string> {
  return (await run('openssl', ['passwd', '-6', '-stdin'], { input: `${password}\n` })).stdout.trim();
}

/** The lab's account files: the host's own plus three login users. */
export async function labEtc(dir: string): Promise<LabEtc> {
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const user = (name: string, uid: number, sudo: LabUser['sudo'], shell: string): LabUser => ({
    name,
    uid,
    password: randomBytes(9).toString('base64url'),
    sudo,
    shell,
    home: path.join(dir, 'home', name),
  });
  const users = { nopw: user('skl-nopw', 62701, 'nopasswd', '/bin/sh'), pw: user('skl-pw', 62702, 'password', '/bin/bash'), nosudo: user('skl-nosudo', 62703, 'none', '/bin/sh') };
  const all = Object.values(users);
  for (const u of all) {
    await mkdir(u.home, { recursive: true, mode: 0o755 });
    await chown(u.home, u.uid, u.uid);
  }
  const passwd = path.join(dir, 'passwd');
  const shadow = path.join(dir, 'shadow');
  const group = path.join(dir, 'group');
  const sudoers = path.join(dir, 'sudoers');
  const sudoersD = path.join(dir, 'sudoers.d');
  await writeFile(passwd, (await readFile('/etc/passwd', 'utf8')) + all.map((u) => `${u.name}:x:${u.uid}:${u.uid}:servers lab:${u.home}:${u.shell}\n`).join(''), { mode: 0o644 });
  const hashes = await Promise.all(all.map((u) => hashPassword(u.password)));
  await writeFile(shadow, (await readFile('/etc/shadow', 'utf8')) + all.map((u, i) => `${u.name}:${hashes[i]}:19000:0:99999:7:::\n`).join(''), { mode: 0o600 });
  await writeFile(group, (await readFile('/etc/group', 'utf8')) + all.map((u) => `${u.name}:x:${u.uid}:\n`).join(''), { mode: 0o644 });
  // Every sudo asks again (no cached credentials), so the password cases are what they say.
  await writeFile(
    sudoers,
    [
      'Defaults env_reset',
      'Defaults timestamp_timeout=0',
      'Defaults !lecture',
      'Defaults secure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"',
      'root ALL=(ALL:ALL) ALL',
      `${users.nopw.name} ALL=(ALL:ALL) NOPASSWD: ALL`,
      `${users.pw.name} ALL=(ALL:ALL) ALL`,
      '',
    ].join('\n'),
    { mode: 0o440 },
  );
  await mkdir(sudoersD, { mode: 0o755 });
  return { passwd, shadow, group, sudoers, sudoersD, users };
}

export const LAB_STATE_MOUNT = '/var/lib/ssh-keepalive';

function mountWrap(etcDir: string, stateDir: string, etc: LabEtc): (argv: string[]) => string[] {
  const binds: [string, string][] = [
    [etcDir, '/etc/ssh'],
    [stateDir, LAB_STATE_MOUNT],
    [etc.passwd, '/etc/passwd'],
    [etc.shadow, '/etc/shadow'],
    [etc.group, '/etc/group'],
    [etc.sudoers, '/etc/sudoers'],
  ];
  if (existsSync('/etc/sudoers.d')) binds.push([etc.sudoersD, '/etc/sudoers.d']);
  return (argv) => privateMountsArgv('servers-lab', binds, argv);
}

function sshdConfig(server: Pick<LabServer, 'layout' | 'port' | 'pidFile'>, net: Network, keys: LabKeys): string {
  const common = [...labSshdLines(keys, `${net.serverAddr}:${server.port}`, '/etc/ssh/ssh_host_ed25519_key', server.pidFile), 'Subsystem sftp /usr/lib/openssh/sftp-server'];
  if (server.layout === 'debian') {
    return ['Include /etc/ssh/sshd_config.d/*.conf', '', "# servers lab: Debian's layout (the drop-in directory is read first)", ...common, ''].join('\n');
  }
  return [
    '# servers lab: a plain sshd_config with Match blocks and no drop-in directory',
    ...common,
    'ClientAliveCountMax 2',
    '',
    '# Deploy jobs sit idle for hours: never probe them',
    'Match User deploy',
    '    ClientAliveInterval 0',
    '    ClientAliveCountMax 0',
    '',
    "# The lab's NOPASSWD user keeps more unanswered probes",
    'Match User skl-nopw',
    '    ClientAliveCountMax 5',
    '',
  ].join('\n');
}

export async function makeServer(
  dir: string,
  spec: { name: string; port: number; layout: 'debian' | 'plain'; user: LabUser | 'root' },
  net: Network,
  keys: LabKeys,
  etc: LabEtc,
): Promise<LabServer> {
  const base = path.join(dir, spec.name);
  const etcDir = path.join(base, 'etc-ssh');
  const stateDir = path.join(base, 'state');
  await mkdir(etcDir, { recursive: true, mode: 0o755 });
  await mkdir(stateDir, { recursive: true, mode: 0o755 });
  await chmod(etcDir, 0o755);
  const pidFile = path.join(base, 'sshd.pid');
  const server: LabServer = { ...spec, etcDir, stateDir, pidFile, wrap: mountWrap(etcDir, stateDir, etc) };
  await writeFile(path.join(etcDir, 'sshd_config'), sshdConfig(server, net, keys), { mode: 0o644 });
  if (spec.layout === 'debian') {
    await mkdir(path.join(etcDir, 'sshd_config.d'), { mode: 0o755 });
    await writeFile(path.join(etcDir, 'sshd_config.d', '10-lab.conf'), '# a drop-in of the servers lab\nLoginGraceTime 30\n', { mode: 0o644 });
  }
  await copyFile(keys.hostKey, path.join(etcDir, 'ssh_host_ed25519_key'));
  await chmod(path.join(etcDir, 'ssh_host_ed25519_key'), 0o600);
  await copyFile(`${keys.hostKey}.pub`, path.join(etcDir, 'ssh_host_ed25519_key.pub'));
  return server;
}

/** The lab's client config: connection lines only (no keepalive: the server must do it). */
export function clientConfig(servers: readonly LabServer[], net: Network, keys: LabKeys): string {
  return [
    '# servers lab client config',
    ...servers.flatMap((s) => [`Host ${s.name}`, `    Port ${s.port}`, `    User ${s.user === 'root' ? 'root' : s.user.name}`, '']),
    'Host *',
    `    HostName ${net.serverAddr}`,
    `    UserKnownHostsFile ${keys.knownHosts}`,
    '    StrictHostKeyChecking yes',
    `    IdentityFile ${keys.userKey}`,
    '    IdentitiesOnly yes',
    '    ConnectTimeout 10',
    '',
  ].join('\n');
}
