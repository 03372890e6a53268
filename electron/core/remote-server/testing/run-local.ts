import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { parseProgramOutput, type ProgramOutput } from '../output';
import { programPayload, REMOTE_COMMANDS } from '../transport';

/**
 * Runs the remote program on this machine the way a server runs it: the login command string
 * (through sh, as a login shell would), the program and the intent on stdin, inside a private mount
 * namespace whose /etc/ssh is `etcDir` and whose /var/lib/ssh-keepalive is `stateDir`. Root only.
 * `uid` runs it as that user (the unprivileged reads).
 */
export function canRunLocally(): { ok: boolean; reason: string } {
  if (process.platform !== 'linux') return { ok: false, reason: 'needs Linux mount namespaces' };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'needs root (CI runs as root)' };
  try {
    execFileSync('unshare', ['--mount', 'true'], { stdio: 'ignore' });
  } catch {
    return { ok: false, reason: 'unshare --mount is not permitted here' };
  }
  if (!existsSync('/usr/sbin/sshd')) return { ok: false, reason: 'openssh-server is not installed' };
  return { ok: true, reason: '' };
}

export interface LocalRun {
  code: number | null;
  output: ProgramOutput;
  stdout: string;
  stderr: string;
}

/** `readOnly`: a path inside the namespace made read-only (a write that fails half way). */
export function runLocally(etcDir: string, stateDir: string, intent: readonly string[], opts: { uid?: number; readOnly?: string } = {}): Promise<LocalRun> {
  mkdirSync('/var/lib/ssh-keepalive', { recursive: true, mode: 0o755 });
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const asUser = opts.uid === undefined ? [] : ['setpriv', `--reuid=${opts.uid}`, `--regid=${opts.uid}`, '--clear-groups'];
  const argv = [
    'unshare', '--mount', '--propagation', 'private',
    'sh', '-c', 'mount --bind "$1" /etc/ssh && mount --bind "$2" /var/lib/ssh-keepalive && if [ -n "$3" ]; then mount --bind "$3" "$3" && mount -o remount,bind,ro "$3"; fi && shift 3 && exec "$@"', 'ska-local', etcDir, stateDir, opts.readOnly ?? '',
    ...asUser, 'sh', '-c', REMOTE_COMMANDS.login,
  ];
  const payload = programPayload(intent);
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', TMPDIR: '/tmp' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.stdin.on('error', () => undefined);
    child.stdin.end(payload);
    child.on('close', (code) => resolve({ code, output: parseProgramOutput(stdout), stdout, stderr }));
  });
}
