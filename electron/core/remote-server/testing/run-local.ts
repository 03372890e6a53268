import { mkdirSync } from 'node:fs';
import { runWithStdin } from '../../kernel/process';
import { canUsePrivateMounts, privateMountsArgv } from '../../kernel/testing/private-mounts';
import { parseProgramOutput, type ProgramOutput } from '../output';
import { programPayload, REMOTE_COMMANDS } from '../transport';

/**
 * Runs the remote program on this machine the way a server runs it: the login command string
 * (through sh, as a login shell would), the program and the intent on stdin, inside a private mount
 * namespace whose /etc/ssh is `etcDir` and whose /var/lib/ssh-keepalive is `stateDir`. Root only.
 * `uid` runs it as that user (the unprivileged reads).
 */
export function canRunLocally(): { ok: boolean; reason: string } {
  return canUsePrivateMounts(['/usr/sbin/sshd']);
}

export interface LocalRun {
  code: number | null;
  output: ProgramOutput;
  stdout: string;
  stderr: string;
}

/** `readOnly`: a path inside the namespace made read-only (a write that fails half way). */
export async function runLocally(etcDir: string, stateDir: string, intent: readonly string[], opts: { uid?: number; readOnly?: string } = {}): Promise<LocalRun> {
  mkdirSync('/var/lib/ssh-keepalive', { recursive: true, mode: 0o755 });
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const asUser = opts.uid === undefined ? [] : ['setpriv', `--reuid=${opts.uid}`, `--regid=${opts.uid}`, '--clear-groups'];
  const argv = privateMountsArgv(
    'ska-local',
    [
      [etcDir, '/etc/ssh'],
      [stateDir, '/var/lib/ssh-keepalive'],
    ],
    [...asUser, 'sh', '-c', REMOTE_COMMANDS.login],
    opts.readOnly ? [opts.readOnly] : [],
  );
  const { code, stdout, stderr } = await runWithStdin(argv, programPayload(intent), { env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', TMPDIR: '/tmp' } });
  return { code, output: parseProgramOutput(stdout), stdout, stderr };
}
