import { execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, promises as fs, existsSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleHelper } from '../bundle';
import { hashBytes } from '../../../files/read';
import { runWithStdin } from '../../../kernel/process';
import { canUsePrivateMounts, privateMountsArgv } from '../../../kernel/testing/private-mounts';

/**
 * Test harness: runs the REAL bundled helper as root inside a private mount namespace where a
 * fixture tree is bind-mounted over /etc/ssh and a scratch directory over the helper's backup
 * directory. The helper has no test switch: it sees /etc/ssh like on any machine.
 */
export const STATE_MOUNT = '/var/lib/ssh-keepalive';

export function canRunRootTests(): { ok: boolean; reason: string } {
  return canUsePrivateMounts(['/usr/sbin/sshd']);
}

let hostKeyCache: string | null = null;
function hostKey(): string {
  if (hostKeyCache) return hostKeyCache;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ska-hostkey-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'ssh_host_ed25519_key')]);
  hostKeyCache = dir;
  return dir;
}

export interface FixtureSpec {
  /** Relative path under /etc/ssh -> content. */
  files: Record<string, string | Buffer>;
  /** Directories to create (e.g. 'sshd_config.d'). */
  dirs?: string[];
}

export interface Fixture {
  dir: string;
  state: string;
  /** Absolute /etc/ssh path -> the path of the same file in the fixture. */
  real(p: string): string;
  snapshot(): Promise<Map<string, string>>;
  cleanup(): Promise<void>;
}

/** A root-owned 0755 tree laid out like /etc/ssh, with a host key so sshd -t/-T can run. */
export async function makeFixture(spec: FixtureSpec): Promise<Fixture> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ska-etc-ssh-'));
  const state = mkdtempSync(path.join(os.tmpdir(), 'ska-state-'));
  await fs.chmod(dir, 0o755);
  await fs.chmod(state, 0o755);
  for (const d of spec.dirs ?? []) await fs.mkdir(path.join(dir, d), { recursive: true, mode: 0o755 });
  for (const [rel, content] of Object.entries(spec.files)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true, mode: 0o755 });
    await fs.writeFile(path.join(dir, rel), content, { mode: 0o644 });
  }
  for (const name of ['ssh_host_ed25519_key', 'ssh_host_ed25519_key.pub']) {
    await fs.copyFile(path.join(hostKey(), name), path.join(dir, name));
  }
  await fs.chmod(path.join(dir, 'ssh_host_ed25519_key'), 0o600);
  const real = (p: string) => (p.startsWith('/etc/ssh/') ? path.join(dir, p.slice('/etc/ssh/'.length)) : p === '/etc/ssh' ? dir : p);
  return {
    dir,
    state,
    real,
    snapshot: () => snapshotTree(dir),
    cleanup: async () => {
      await fs.rm(dir, { recursive: true, force: true });
      await fs.rm(state, { recursive: true, force: true });
    },
  };
}

/** Every file under a directory (recursively) -> sha256 of its bytes, plus link targets. */
export async function snapshotTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (d: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const st = await fs.lstat(p);
      const meta = `${st.mode.toString(8)}:${st.uid}:${st.gid}:${st.nlink}`;
      if (e.isDirectory()) {
        out.set(p + '/', meta);
        await walk(p);
      } else if (e.isSymbolicLink()) out.set(p, `link:${await fs.readlink(p)}`);
      else if (e.isFile()) out.set(p, `${meta}:${hashBytes(await fs.readFile(p))}`);
      else out.set(p, `other:${meta}`);
    }
  };
  await walk(dir);
  return out;
}

let bundled: Promise<string> | null = null;
/** The helper bundled once per test process (the same bundle the app ships). */
export function helperBundle(): Promise<string> {
  bundled ??= (async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'ska-helper-')), 'ssh-keepalive-helper.cjs');
    await bundleHelper(out);
    await fs.chmod(path.dirname(out), 0o755);
    return out;
  })();
  return bundled;
}

export interface HelperRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  json: unknown;
}

/** The argv that enters the namespace, mounts the fixture and execs `argv` (a program + args). */
export function namespaceArgv(fx: { dir: string; state: string }, argv: string[]): string[] {
  mkdirSync(STATE_MOUNT, { recursive: true, mode: 0o755 });
  return privateMountsArgv(
    'ska-ns',
    [
      [fx.dir, '/etc/ssh'],
      [fx.state, STATE_MOUNT],
    ],
    argv,
  );
}

/** The unprivileged user the app runs as in the tests that go through a stub of the OS prompt. */
export const APP_UID = 65534;

let sudoersDir: string | null = null;
/**
 * A sudoers.d with one rule, APP_UID may run anything as root without a password, mounted over
 * /etc/sudoers.d inside the namespace only: `sudo -n` is the stand-in for an approved OS prompt
 * (a setuid program that runs the helper as root with an environment of its own, as pkexec does).
 */
function appUserSudoers(): string {
  if (sudoersDir) return sudoersDir;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ska-sudoers-'));
  chmodSync(dir, 0o755);
  writeFileSync(path.join(dir, 'ska-app-user'), `#${APP_UID} ALL=(root) NOPASSWD: ALL\n`, { mode: 0o440 });
  sudoersDir = dir;
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Why the prompt tests cannot run here (they need sudo for the approving stub), or ''. */
export function appUserReason(): string {
  return existsSync('/usr/bin/sudo') && existsSync('/etc/sudoers.d') ? '' : '(needs sudo: the approving prompt stub runs the helper with sudo -n)';
}

/**
 * `argv` (to run inside namespaceArgv) as APP_UID, in a namespace where the approving prompt stub's
 * `sudo -n` works for that user. As root the app ignores the prompt stub (SSH_KEEPALIVE_ELEVATE) and
 * runs the helper itself, so the prompt path is only reachable as a normal user, as in real life.
 */
export function asAppUser(argv: string[]): string[] {
  return ['sh', '-c', 'mount --bind "$1" /etc/sudoers.d && shift && exec "$@"', 'ska-sudoers', appUserSudoers(), 'setpriv', `--reuid=${APP_UID}`, `--regid=${APP_UID}`, '--clear-groups', ...argv];
}

/**
 * A pkexec-compatible stub of the OS prompt for an app running as APP_UID: logs its arguments (one
 * line per call) to `log`, then cancels (exit 126) when `cancelFlag` exists or `body` is 'cancel',
 * or approves: runs them as root through `sudo -n`.
 */
export async function appUserPromptStub(log: string, body: 'approve' | 'cancel', cancelFlag = ''): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ska-prompt-'));
  await fs.chmod(dir, 0o755);
  await fs.writeFile(log, '', { flag: 'a' });
  await fs.chown(log, APP_UID, APP_UID);
  const file = path.join(dir, 'fake-pkexec');
  const cancel = body === 'cancel' ? 'exit 126' : `[ -n '${cancelFlag}' ] && [ -e '${cancelFlag}' ] && exit 126\nexec sudo -n -- "$@"`;
  await fs.writeFile(file, `#!/bin/sh\necho "$@" >> '${log}'\n${cancel}\n`, { mode: 0o755 });
  return file;
}

export async function runHelper(
  fx: { dir: string; state: string },
  input: string | Buffer,
  opts: { args?: string[]; onSpawn?: (child: ChildProcess) => void; env?: Record<string, string> } = {},
): Promise<HelperRun> {
  const helper = await helperBundle();
  const [cmd, ...args] = namespaceArgv(fx, [process.execPath, helper, ...(opts.args ?? ['run'])]);
  const r = await runWithStdin([cmd!, ...args], input, { env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', ...opts.env }, ...(opts.onSpawn ? { onSpawn: opts.onSpawn } : {}) });
  let json: unknown = null;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    /* killed or crashed: no JSON */
  }
  return { ...r, json };
}

/** sshd -T inside the namespace: what sshd would really use with the fixture as /etc/ssh. */
export function sshdT(fx: { dir: string; state: string }, connection?: string): Map<string, string> {
  const [cmd, ...args] = namespaceArgv(fx, ['/usr/sbin/sshd', '-T', ...(connection ? ['-C', connection] : [])]);
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const out = execFileSync(cmd!, args, { encoding: 'utf8' });
  const map = new Map<string, string>();
  for (const line of out.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp > 0 && !map.has(line.slice(0, sp))) map.set(line.slice(0, sp), line.slice(sp + 1));
  }
  return map;
}

/** `ssh -G` inside the namespace (system config = the fixture's ssh_config; no user config). */
export function sshG(fx: { dir: string; state: string }, host: string): Map<string, string> {
  const [cmd, ...args] = namespaceArgv(fx, ['/usr/bin/ssh', '-F', '/etc/ssh/ssh_config', '-G', host]);
  const out = execFileSync(cmd!, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const map = new Map<string, string>();
  for (const line of out.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp > 0 && !map.has(line.slice(0, sp))) map.set(line.slice(0, sp), line.slice(sp + 1));
  }
  return map;
}

export function sha(bytes: string | Buffer): string {
  return hashBytes(bytes);
}
