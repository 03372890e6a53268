import { chmod, chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createLabUser } from '../../electron/core/diagnosis/testing/lab-user';
import type { Network } from '../natlab/network';
import { startSshd, type LabKeys } from '../natlab/sshd';
import { PROMPT } from './observe';
import type { LabCaseSpec } from './cases';

/**
 * Each case's server: a real sshd in the lab's server namespace, its own login user `skalab`
 * (non-root; a private user database seen only by that sshd), its own home and profile.
 */
export interface CasePorts {
  server: number;
  jump: number | null;
}

function sshdConfig(keys: LabKeys, net: Network, port: number, dir: string, lines: string[]): string {
  return [
    '# diagnosis lab sshd: connection lines by the lab, then the one cause of this case.',
    `ListenAddress ${net.serverAddr}:${port}`,
    `HostKey ${keys.hostKey}`,
    'StrictModes no',
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin no',
    'MaxStartups 100',
    'LogLevel VERBOSE',
    `PidFile ${path.join(dir, `sshd-${port}.pid`)}`,
    ...lines,
    '',
  ].join('\n');
}

async function startOne(o: { dir: string; net: Network; keys: LabKeys; port: number; lines: string[]; profile: string[]; hidden: boolean; name: string }): Promise<void> {
  const confDir = path.join(o.dir, o.hidden ? 'etc-hidden' : 'etc');
  await mkdir(confDir, { recursive: true, mode: o.hidden ? 0o700 : 0o755 });
  await chmod(confDir, o.hidden ? 0o700 : 0o755);
  const conf = path.join(confDir, `${o.name}.conf`);
  await writeFile(conf, sshdConfig(o.keys, o.net, o.port, o.dir, o.lines), { mode: 0o644 });
  const home = path.join(o.dir, 'homes', o.name);
  const user = await createLabUser({ dir: path.join(o.dir, 'users', o.name), home, authorizedKey: await readFile(`${o.keys.userKey}.pub`, 'utf8') });
  const profile = path.join(home, '.bash_profile');
  await writeFile(profile, [...o.profile, `PS1='${PROMPT}'`, ''].join('\n'), { mode: 0o644 });
  await chown(profile, user.uid, user.gid);
  await startSshd(o.net, conf, path.join(o.dir, `sshd-${o.name}.log`), path.join(o.dir, 'root-home'), user.wrap);
}

export async function startCaseServers(dir: string, net: Network, keys: LabKeys, spec: LabCaseSpec, ports: CasePorts): Promise<void> {
  await startOne({ dir, net, keys, port: ports.server, lines: spec.sshd, profile: spec.profile ?? [], hidden: spec.hiddenConfig ?? false, name: spec.host });
  if (ports.jump !== null) await startOne({ dir, net, keys, port: ports.jump, lines: [], profile: [], hidden: false, name: `${spec.host}-jump` });
}

/** The client's config: per case a Host block with its own keepalive lines; connection lines under Host *. */
export function clientConfig(net: Network, keys: LabKeys, cases: Array<{ spec: LabCaseSpec; ports: CasePorts }>): string {
  const blocks = cases.flatMap(({ spec, ports }) => [
    ...(ports.jump !== null ? [`Host ${spec.host}-jump`, `    Port ${ports.jump}`, ''] : []),
    `Host ${spec.host}`,
    `    Port ${ports.server}`,
    ...(ports.jump !== null ? [`    ProxyJump ${spec.host}-jump`] : []),
    ...spec.client.map((l) => `    ${l}`),
    '',
  ]);
  return [
    '# diagnosis lab client config',
    ...blocks,
    'Host *',
    `    HostName ${net.serverAddr}`,
    '    User skalab',
    `    UserKnownHostsFile ${keys.knownHosts}`,
    '    StrictHostKeyChecking yes',
    '    BatchMode yes',
    '    ConnectTimeout 10',
    '',
  ].join('\n');
}
