import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { checkOutDir, checkOutFile } from './out-dir';

/**
 * Runs the exported playbook with the user's own ansible-playbook and streams its progress: the
 * command is the one the export tells the user to run (plus --check/--diff when asked), on the files
 * of an export directory that is the user's alone (out-dir.ts), with no ansible.cfg but an empty one
 * of ours (below). Where Ansible is missing, ansibleInstallHint says how to get it.
 */
export async function findAnsiblePlaybook(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  // Absolute PATH entries only: an empty or relative entry means the working directory, where
  // another user could plant an ansible-playbook.
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter((d) => path.isAbsolute(d))) {
    const p = path.join(dir, process.platform === 'win32' ? 'ansible-playbook.exe' : 'ansible-playbook');
    try {
      const st = await fs.stat(p);
      if (st.isFile() && (st.mode & 0o111) !== 0) return p;
    } catch {
      /* next */
    }
  }
  return null;
}

/** How to install ansible-playbook here, from the OS (and /etc/os-release on Linux). */
export function ansibleInstallHint(platform: NodeJS.Platform, osRelease = ''): string {
  if (platform === 'win32') return 'Ansible does not run on Windows itself: install it in WSL (e.g. Ubuntu: sudo apt install ansible-core), or run the playbook from a Linux or macOS machine.';
  if (platform === 'darwin') return 'Install Ansible with Homebrew (brew install ansible) or pipx (pipx install ansible-core).';
  const id = (/^ID_LIKE=(.*)$/m.exec(osRelease)?.[1] ?? '') + ' ' + (/^ID=(.*)$/m.exec(osRelease)?.[1] ?? '');
  if (/debian|ubuntu/.test(id)) return 'Install Ansible: sudo apt install ansible-core';
  if (/fedora|rhel|centos/.test(id)) return 'Install Ansible: sudo dnf install ansible-core';
  if (/suse/.test(id)) return 'Install Ansible: sudo zypper install ansible-core';
  if (/arch/.test(id)) return 'Install Ansible: sudo pacman -S ansible-core';
  if (/alpine/.test(id)) return 'Install Ansible: sudo apk add ansible-core';
  return 'Install Ansible with your package manager (the package is usually ansible-core), or: pipx install ansible-core';
}

export interface HostRecap {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export interface AnsibleRun {
  code: number | null;
  /** PLAY RECAP per host. */
  recap: Record<string, HostRecap>;
  output: string;
  argv: string[];
}

export interface AnsibleRunOptions {
  outDir: string;
  check?: boolean;
  diff?: boolean;
  /** sudo password on the hosts: given to ansible-playbook on its stdin (--become-password-file -), never in argv or env. */
  becomePassword?: string;
  /** Each line of ansible-playbook's output as it comes. */
  onLine?: (line: string) => void;
  /** argv before ansible-playbook (the servers lab: `ip netns exec NS`). */
  prefix?: string[];
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export function parseRecap(output: string): Record<string, HostRecap> {
  const recap: Record<string, HostRecap> = {};
  const start = output.lastIndexOf('PLAY RECAP');
  if (start === -1) return recap;
  for (const line of output.slice(start).split('\n').slice(1)) {
    const m = /^(\S+)\s+:\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    const n = (k: string) => Number(new RegExp(`\\b${k}=(\\d+)`).exec(m[2]!)?.[1] ?? 0);
    recap[m[1]!] = { ok: n('ok'), changed: n('changed'), unreachable: n('unreachable'), failed: n('failed'), skipped: n('skipped'), rescued: n('rescued'), ignored: n('ignored') };
  }
  return recap;
}

/**
 * ansible-playbook reads ansible.cfg from ANSIBLE_CONFIG, else from its working directory (which
 * names plugins, and so code, to load), then ~/.ansible.cfg, /etc/ansible/ansible.cfg. It gets an
 * empty file of ours in a fresh private (0700) working directory inside the checked export
 * directory (not TMPDIR, which may be anyone's), removed after the run: no ansible.cfg from the
 * export directory, the app's working directory or anywhere else is read.
 */
async function privateRunDir(exportDir: string): Promise<{ cwd: string; config: string }> {
  const cwd = await fs.mkdtemp(path.join(exportDir, '.ska-ansible-run-'));
  const config = path.join(cwd, 'ansible.cfg');
  await fs.writeFile(config, '# SSH Keepalive: the only Ansible config of this run (Ansible defaults).\n[defaults]\n', { mode: 0o600, flag: 'wx' });
  return { cwd, config };
}

export async function runAnsiblePlaybook(opts: AnsibleRunOptions): Promise<AnsibleRun> {
  const dir = await checkOutDir(opts.outDir);
  const inventory = path.join(dir, 'inventory.ini');
  const playbook = path.join(dir, 'keepalive.yml');
  for (const f of [inventory, playbook]) await checkOutFile(f);
  const argv = ['ansible-playbook', '-i', inventory, playbook];
  if (opts.check) argv.push('--check');
  if (opts.diff) argv.push('--diff');
  if (opts.becomePassword !== undefined) {
    if (/[\r\n\0]/.test(opts.becomePassword)) throw new Error('A sudo password cannot hold a line break');
    argv.push('--become-password-file', '-');
  }
  const full = [...(opts.prefix ?? []), ...argv];
  const run = await privateRunDir(dir);
  // Plain, unbuffered output for line-by-line progress.
  const env = { ...(opts.env ?? process.env), ANSIBLE_CONFIG: run.config, ANSIBLE_NOCOLOR: '1', ANSIBLE_FORCE_COLOR: '0', PYTHONUNBUFFERED: '1' };
  try {
    return await spawnPlaybook(full, env, run.cwd, argv, opts);
  } finally {
    await fs.rm(run.cwd, { recursive: true, force: true });
  }
}

function spawnPlaybook(full: string[], env: NodeJS.ProcessEnv, cwd: string, argv: string[], opts: AnsibleRunOptions): Promise<AnsibleRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(full[0]!, full.slice(1), { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let pending = '';
    const feed = (d: Buffer) => {
      const text = d.toString('utf8');
      output += text;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) opts.onLine?.(l);
    };
    child.stdout.on('data', feed);
    child.stderr.on('data', feed);
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.becomePassword ?? '');
    const timer = setTimeout(() => child.kill('SIGTERM'), opts.timeoutMs ?? 30 * 60_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (pending) opts.onLine?.(pending);
      resolve({ code, recap: parseRecap(output), output, argv });
    });
  });
}
