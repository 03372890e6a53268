import { runProgram, type ProgramRun, type SshTarget } from './transport';
import { RemoteServerError, type RemoteFailure, type RemoteOptions } from './types';

/**
 * Runs the program as root on the server: directly when the login is root, else `sudo -n`, and only
 * when sudo says a password is required, once more with the password the user typed (asked through
 * opts.askPassword; never stored). sudo's refusals become RemoteServerErrors that say what happened
 * and that nothing changed.
 */
export async function runAsRoot(target: SshTarget, intent: readonly string[], opts: RemoteOptions, loginIsRoot: boolean, admin: () => string): Promise<ProgramRun> {
  if (loginIsRoot) return checked(target, await runProgram(target, intent, 'login', opts), admin);
  let run = await runProgram(target, intent, 'sudo', opts);
  if (run.kind === 'needs-password') {
    const password = opts.askPassword ? await opts.askPassword(target.host) : null;
    if (password === null) throw new RemoteServerError(target.host, 'needs-password', `sudo on ${target.host} needs your password; nothing changed.`);
    run = await runProgram(target, intent, 'sudo-password', { ...opts, password });
  }
  return checked(target, run, admin);
}

/** A run that did not reach the program (or timed out) as an error; the program's own answer as is. */
export function checked(target: SshTarget, run: ProgramRun, admin: () => string = () => ''): ProgramRun {
  const host = target.host;
  const why = (failure: RemoteFailure, message: string, instructions: string | null = null): never => {
    throw new RemoteServerError(host, failure, message, instructions);
  };
  switch (run.kind) {
    case 'ran':
      return run;
    case 'needs-password':
      return why('needs-password', `sudo on ${host} needs a password; nothing changed.`);
    case 'wrong-password':
      return why('wrong-password', `Wrong password for sudo on ${host}; nothing changed.`);
    case 'no-sudo':
      return why(
        'no-sudo',
        run.sudoMissing
          ? `sudo is not installed on ${host}, so SSH Keepalive cannot change its sshd config; nothing changed. An administrator can make the change by hand.`
          : `Your account on ${host} may not use sudo (${lastLine(run.stderr)}); nothing changed. An administrator can make the change by hand.`,
        admin(),
      );
    case 'needs-tty':
      return why('needs-tty', `sudo on ${host} insists on a terminal (Defaults requiretty); nothing changed.`, admin());
    case 'timeout':
      return why('timeout', `${host} did not answer in time; if a change was running it finishes or rolls back on its own.`);
    case 'ssh-failed':
      return why('ssh-failed', `Could not connect to ${host}: ${lastLine(run.stderr) || 'ssh failed'}`);
    default:
      return why('failed', `${host} did not run SSH Keepalive's program${run.stderr ? `: ${lastLine(run.stderr)}` : ''}`);
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).pop()?.slice(0, 300) ?? '';
}

/** The program's `ska error CODE text` as a RemoteServerError. */
export function programError(host: string, code: string, message: string, instructions: string | null = null): RemoteServerError {
  const failure: RemoteFailure =
    code === 'changed' ? 'changed'
    : code === 'refused' ? 'refused'
    : code === 'invalid' ? 'invalid'
    : code === 'unreadable' ? 'unreadable'
    : code === 'no-sshd' ? 'no-sshd'
    : code === 'blocked' || code === 'no-effect' || code === 'unsafe' || code === 'missing' ? 'blocked'
    : 'failed';
  return new RemoteServerError(host, failure, `${host}: ${message}`, instructions);
}
