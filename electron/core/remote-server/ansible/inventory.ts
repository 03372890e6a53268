import { execFile } from 'node:child_process';

/**
 * An Ansible inventory from the user's ssh config, as `ssh -G` resolves each host (the real ssh, so
 * Match, Include, canonicalisation and defaults are OpenSSH's own): the effective HostName, Port,
 * User, ProxyJump, IdentityFile(s) and UserKnownHostsFile, so ansible-playbook reaches the same
 * machine as `ssh ALIAS` even where Ansible's own ssh call would match other Host blocks.
 */
export interface InventoryHost {
  alias: string;
  hostName: string;
  port: number;
  user: string;
  proxyJump: string | null;
  /** Only when the config names key files (ssh's default list is left to ssh). */
  identityFiles: string[];
  identitiesOnly: boolean;
  /** Only when it is not ssh's default (~/.ssh/known_hosts ~/.ssh/known_hosts2). */
  userKnownHostsFile: string | null;
  /** What the inventory cannot carry (a ProxyCommand), said in the file as a comment. */
  warnings: string[];
}

export interface SshGOptions {
  /** `ssh -F`; default: ssh's own files. */
  configPath?: string;
  env?: NodeJS.ProcessEnv;
}

/** Inventory host names Ansible's INI format takes without quoting. */
export const ALIAS = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function sshG(alias: string, configPath: string | undefined, env: NodeJS.ProcessEnv | undefined): Promise<Map<string, string[]>> {
  const args = [...(configPath ? ['-F', configPath] : []), '-G', '--', alias];
  return new Promise((resolve, reject) => {
    execFile('ssh', args, { env: env ?? process.env, timeout: 15_000, maxBuffer: 1 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`ssh -G ${alias}: ${(stderr || err.message).trim().split('\n').pop()}`));
      const map = new Map<string, string[]>();
      for (const line of stdout.split('\n')) {
        const sp = line.indexOf(' ');
        if (sp <= 0) continue;
        const key = line.slice(0, sp);
        map.set(key, [...(map.get(key) ?? []), line.slice(sp + 1)]);
      }
      resolve(map);
    });
  });
}

export async function resolveInventoryHost(alias: string, opts: SshGOptions = {}): Promise<InventoryHost> {
  if (!ALIAS.test(alias)) throw new Error(`"${alias}" cannot be an Ansible inventory name (letters, digits, '.', '_' and '-' only)`);
  const [g, defaults] = await Promise.all([sshG(alias, opts.configPath, opts.env), sshG(alias, '/dev/null', opts.env)]);
  const one = (k: string) => g.get(k)?.[0];
  const ids = g.get('identityfile') ?? [];
  const defaultIds = defaults.get('identityfile') ?? [];
  const sameIds = ids.length === defaultIds.length && ids.every((x, i) => x === defaultIds[i]);
  const known = one('userknownhostsfile') ?? '';
  const warnings: string[] = [];
  const proxyCommand = one('proxycommand');
  if (proxyCommand && proxyCommand !== 'none') warnings.push(`${alias} connects through a ProxyCommand, which this inventory does not carry; run ansible-playbook where ssh ${alias} works and add it to ansible_ssh_common_args.`);
  const proxyJump = one('proxyjump');
  return {
    alias,
    hostName: one('hostname') ?? alias,
    port: Number(one('port') ?? 22),
    user: one('user') ?? '',
    proxyJump: proxyJump && proxyJump !== 'none' ? proxyJump : null,
    identityFiles: sameIds ? [] : ids,
    identitiesOnly: one('identitiesonly') === 'yes',
    userKnownHostsFile: known && known !== (defaults.get('userknownhostsfile')?.[0] ?? '') ? known : null,
    warnings,
  };
}

/** A POSIX shell word (shlex.split in Ansible reads it back). */
function shWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./~-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function sshOption(key: string, value: string): string[] {
  if (/[\r\n\0]/.test(value)) throw new Error(`${key} holds a line break`);
  return ['-o', `${key}=${value}`];
}

export function inventoryLine(h: InventoryHost): string {
  const vars: string[] = [`ansible_host=${shWord(h.hostName)}`, `ansible_port=${h.port}`];
  if (h.user) vars.push(`ansible_user=${shWord(h.user)}`);
  if (h.identityFiles[0]) vars.push(`ansible_ssh_private_key_file=${shWord(h.identityFiles[0])}`);
  const common: string[] = [];
  if (h.proxyJump) common.push(...sshOption('ProxyJump', h.proxyJump));
  for (const id of h.identityFiles.slice(1)) common.push(...sshOption('IdentityFile', id));
  if (h.identitiesOnly) common.push(...sshOption('IdentitiesOnly', 'yes'));
  if (h.userKnownHostsFile) common.push(...sshOption('UserKnownHostsFile', h.userKnownHostsFile));
  if (common.length) vars.push(`ansible_ssh_common_args=${shWord(common.map(shWord).join(' '))}`);
  return `${h.alias} ${vars.join(' ')}`;
}

export function inventoryIni(hosts: readonly InventoryHost[], group: string, source: string): string {
  const lines = [
    `# Written by SSH Keepalive from ${source} (each host as \`ssh -G\` resolves it).`,
    `# Use: ansible-playbook -i inventory.ini keepalive.yml`,
    ...hosts.flatMap((h) => h.warnings.map((w) => `# ${w}`)),
    `[${group}]`,
    ...hosts.map(inventoryLine),
    '',
  ];
  return lines.join('\n');
}
