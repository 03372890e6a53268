import os from 'node:os';
import path from 'node:path';
import { loadModel } from '../../openssh/ssh-config';
import { ALIAS, inventoryIni, resolveInventoryHost, type InventoryHost } from './inventory';
import { prepareOutDir, writeInOutDir } from './out-dir';
import { INVENTORY_GROUP, cloudInitSnippet, keepalivePlaybook, type KeepaliveSettings } from './playbook';

/**
 * `ssh-keepalive export ansible (--host H)... | --all --interval N --out DIR`: DIR/inventory.ini
 * (from the user's ssh config through `ssh -G`), DIR/keepalive.yml (idempotent playbook) and
 * DIR/cloud-init.yml (write_files for new servers). `ansible-playbook -i DIR/inventory.ini
 * DIR/keepalive.yml` works as written. DIR must be the user's alone (out-dir.ts): a directory another
 * user prepared is refused, and no file is ever written through a link.
 */
export interface AnsibleExportOptions extends KeepaliveSettings {
  /** Host aliases as typed after `ssh`. */
  hosts?: string[];
  /** Every host the config names literally (Host lines without wildcards). */
  all?: boolean;
  outDir: string;
  /** The ssh client config; default ~/.ssh/config (ssh -G then reads the system file too). */
  configPath?: string;
  homeDir?: string;
  env?: NodeJS.ProcessEnv;
}

export interface AnsibleExport {
  files: { inventory: string; playbook: string; cloudInit: string };
  hosts: InventoryHost[];
  /** Literal names --all found that Ansible's INI inventory cannot hold, with why. */
  skipped: { alias: string; reason: string }[];
}

/** Names on Host lines without wildcards or negation, in file order, once each. */
export function literalHosts(configPath: string, homeDir: string): string[] {
  const model = loadModel([{ path: configPath, kind: 'user' }], { homeDir, platform: process.platform, checkPermissions: false });
  const names: string[] = [];
  for (const b of model.hostBlocks) {
    for (const p of b.patterns) if (!p.negated && !/[*?]/.test(p.pattern) && !names.includes(p.pattern)) names.push(p.pattern);
  }
  return names;
}

export async function exportAnsible(opts: AnsibleExportOptions): Promise<AnsibleExport> {
  const homeDir = opts.homeDir ?? os.homedir();
  const configPath = opts.configPath;
  const wanted = [...(opts.hosts ?? [])];
  const skipped: AnsibleExport['skipped'] = [];
  if (opts.all) {
    for (const name of literalHosts(configPath ?? path.join(homeDir, '.ssh', 'config'), homeDir)) {
      if (!ALIAS.test(name)) skipped.push({ alias: name, reason: 'not a name an Ansible INI inventory can hold' });
      else if (!wanted.includes(name)) wanted.push(name);
    }
  }
  if (wanted.length === 0) throw new Error('Name at least one host (--host H) or --all');
  // The playbook text first: it checks the numbers before any file is written.
  const playbook = keepalivePlaybook(opts);
  const cloudInit = cloudInitSnippet(opts);
  const hosts: InventoryHost[] = [];
  for (const alias of wanted) hosts.push(await resolveInventoryHost(alias, { configPath, env: opts.env }));
  const source = configPath ?? '~/.ssh/config';
  const dir = await prepareOutDir(opts.outDir);
  const files = {
    inventory: await writeInOutDir(dir, 'inventory.ini', inventoryIni(hosts, INVENTORY_GROUP, source)),
    playbook: await writeInOutDir(dir, 'keepalive.yml', playbook),
    cloudInit: await writeInOutDir(dir, 'cloud-init.yml', cloudInit),
  };
  return { files, hosts, skipped };
}
