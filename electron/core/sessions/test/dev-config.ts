import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A developer's ~/.ssh/config as issue 15 describes it: a bastion with five hosts behind it
 * (ProxyJump, one with user@host:port), a ProxyCommand `ssh -W` host and an `nc` one, a two-hop
 * chain, `Host *.internal`, a `Match`, an `Include`, a host at 600 s, keys in OpenSSH format.
 * Include takes an absolute path: ssh expands `~` from the password database, not $HOME.
 */
export async function writeDevConfig(home: string): Promise<string> {
  const ssh = path.join(home, '.ssh');
  await fs.mkdir(path.join(ssh, 'config.d'), { recursive: true, mode: 0o700 });
  await fs.writeFile(
    path.join(ssh, 'config.d', 'work'),
    ['Host ci', '    HostName ci.example.com', '    User builder', '', 'Host pi', '    HostName 192.168.1.20', '    User pi', '', 'Host nas', '    HostName 192.168.1.30', ''].join('\n'),
    { mode: 0o600 },
  );
  const config = path.join(ssh, 'config');
  await fs.writeFile(
    config,
    [
      `Include ${path.join(ssh, 'config.d')}/*`,
      '',
      'Host bastion',
      '    HostName bastion.example.com',
      '    Port 2222',
      '    User ops',
      '    ServerAliveInterval 30',
      '',
      'Host web1 web2 web3',
      '    HostName %h.internal.example.com',
      '    ProxyJump bastion',
      '',
      'Host db1',
      '    HostName 10.0.0.21',
      '    ProxyJump admin@bastion:2200',
      '    IdentityFile ~/.ssh/db.ppk',
      '',
      'Host cache',
      '    HostName 10.0.0.31',
      '    ProxyJump bastion',
      '',
      'Host legacy',
      '    HostName legacy.example.com',
      '    ServerAliveInterval 600',
      '',
      'Host old-jump',
      '    HostName 10.0.0.41',
      '    ProxyCommand ssh -q -W %h:%p bastion',
      '',
      'Host nc-jump',
      '    HostName 10.0.0.51',
      '    ProxyCommand ssh bastion nc %h %p',
      '',
      'Host inner',
      '    HostName 10.0.0.99',
      '    ProxyJump bastion',
      '',
      'Host deep',
      '    HostName 10.2.0.5',
      '    ProxyJump bastion,inner',
      '',
      'Host behind-inner',
      '    HostName 10.2.0.6',
      '    ProxyJump inner',
      '',
      'Host build.internal',
      '    HostName 10.0.0.61',
      '',
      'Host *.internal',
      '    User deploy',
      '',
      'Match host *.internal.example.com',
      '    ServerAliveCountMax 6',
      '',
      'Host *',
      '    IdentityFile ~/.ssh/id_ed25519',
      '    TCPKeepAlive yes',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return config;
}

/** The hosts with a name, in the order an export lists them (Include first: it comes first). */
export const DEV_HOSTS = ['ci', 'pi', 'nas', 'bastion', 'web1', 'web2', 'web3', 'db1', 'cache', 'legacy', 'old-jump', 'nc-jump', 'inner', 'deep', 'behind-inner', 'build.internal'];

export const localUser = (): string => os.userInfo().username;

/** Real `ssh -G` (OpenSSH is the truth): `extra` as ssh would get them for a jump (-l, -p). */
export function sshG(config: string, host: string, extra: string[] = []): Record<string, string> {
  const out = execFileSync('ssh', ['-G', '-F', config, ...extra, '--', host], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const map: Record<string, string> = {};
  for (const l of out.split('\n')) {
    const sp = l.indexOf(' ');
    if (sp > 0 && !(l.slice(0, sp) in map)) map[l.slice(0, sp)] = l.slice(sp + 1);
  }
  return map;
}
