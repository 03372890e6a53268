import { spawn } from 'node:child_process';
import { ProbeHost } from '../../../common/contract/probe';
import { REMOTE_PROGRAM } from './program.generated';
import { parseProgramOutput, type ProgramOutput } from './output';

/**
 * Runs the remote program on a server over the user's own `ssh`, as the login user or through sudo.
 *
 * Nothing the user or the server chose is ever put into a command line: the remote command is one of
 * three constant strings (below). It starts `sh`, which reads a first line of a fixed form
 * (`LENGTH_MARK` and exactly six digits: anything else ends it with exit 2), exactly that many bytes
 * of program (dd bs=1, so it never reads ahead), and evaluates it; the program then reads the intent
 * lines that follow on the same stdin and checks them itself. With sudo, stdin is written only after
 * the remote side said it runs (READY), and the password only in answer to sudo's own prompt
 * (PROMPT), so neither the password nor the program can be taken for the other. Should the password
 * still reach the boot line (a PROMPT marker printed by something before sudo, and then no sudo
 * prompt), it is refused there, never put in dd's argv (visible in `ps` on the server): no password
 * may have the first line's form (checkPassword).
 */
export interface SshTarget {
  /** A Host alias or host name, as typed after `ssh`. */
  host: string;
  /** The client config for `ssh -F`; default: ssh's own (~/.ssh/config and /etc/ssh/ssh_config). */
  configPath?: string;
}

export interface TransportOptions {
  /** argv run before `ssh` (the servers lab: `ip netns exec NS`). */
  prefix?: string[];
  env?: NodeJS.ProcessEnv;
  /** Limit for one run of the program, connection included (default 120 s). */
  timeoutMs?: number;
}

/** login: as the SSH user (root logins too); sudo: `sudo -n`; sudo-password: `sudo -S`. */
export type Privilege = 'login' | 'sudo' | 'sudo-password';

export type RunKind =
  | 'ran' // the program ran and answered (its own error lines included)
  | 'needs-password' // sudo -n: a password is required
  | 'wrong-password'
  | 'no-sudo' // not allowed to use sudo (or sudo is not installed)
  | 'needs-tty' // sudoers has requiretty
  | 'ssh-failed'
  | 'timeout'
  | 'protocol'; // the server did not run the program (a ForceCommand, an odd shell, ...)

export interface ProgramRun {
  kind: RunKind;
  output: ProgramOutput;
  /** ssh's and the server's stderr, without our markers (never holds the password). */
  stderr: string;
  exitCode: number | null;
  /** sudo was not installed at all (kind no-sudo). */
  sudoMissing: boolean;
}

export const READY = 'ska-ready-8c1d';
export const PROMPT = 'ska-sudo-password-8c1d:';
export const LENGTH_MARK = 'ska-len-8c1d:';
const LENGTH_DIGITS = 6;
// `1$l - 1000000`: the six digits as decimal even with leading zeros (never octal). No `!` (csh).
const BOOT =
  `sh -c 'echo ${READY} >&2; IFS= read -r l && case $l in ${LENGTH_MARK}${'[0-9]'.repeat(LENGTH_DIGITS)}) ;; *) exit 2 ;; esac && ` +
  `n=$((1\${l#${LENGTH_MARK}} - 1${'0'.repeat(LENGTH_DIGITS)})) && s=$(dd bs=1 count="$n" 2>/dev/null) && eval "$s"'`;
// sudo speaks English (its refusals are recognised by their words); `env` works in any login shell.
export const REMOTE_COMMANDS: Readonly<Record<Privilege, string>> = {
  login: BOOT,
  sudo: `env LC_ALL=C sudo -n ${BOOT}`,
  'sudo-password': `env LC_ALL=C sudo -S -p ${PROMPT} ${BOOT}`,
};

const MAX_OUTPUT = 8 << 20;

/**
 * A host as the probe takes it (common/contract/probe.ts): an alias or [user@]host, never an option,
 * and none of a shell's characters (`;`, `$`, quotes, `|`): OpenSSH before 9.6 passes %h to a
 * ProxyCommand through a shell.
 */
export function checkHost(host: string): string {
  if (typeof host !== 'string' || !ProbeHost.safeParse(host).success) {
    throw new Error(`"${String(host).slice(0, 80)}" is not a host name ssh accepts here`);
  }
  return host;
}

export function checkPassword(password: string): void {
  if (password.length === 0 || password.length > 1024 || /[\r\n\0]/.test(password)) {
    throw new Error('A sudo password cannot be empty or hold a line break');
  }
  if (password.startsWith(LENGTH_MARK)) throw new Error(`A sudo password cannot start with ${LENGTH_MARK} (the program's first line)`);
}

/** What the boot command reads on stdin: the length line, the program, then the intent lines. */
export function programPayload(intent: readonly string[]): string {
  const length = Buffer.byteLength(REMOTE_PROGRAM);
  if (length >= 10 ** LENGTH_DIGITS) throw new Error('the remote program is too long for its length line');
  return `${LENGTH_MARK}${String(length).padStart(LENGTH_DIGITS, '0')}\n${REMOTE_PROGRAM}${intent.map((l) => `${l}\n`).join('')}`;
}

export function sshArgv(target: SshTarget, privilege: Privilege): string[] {
  return [
    'ssh',
    ...(target.configPath ? ['-F', target.configPath] : []),
    // Never a prompt of ssh's own (the app cannot answer it), no forwardings, no local commands,
    // no new shared master connection left behind.
    '-o', 'BatchMode=yes',
    '-o', 'ConnectTimeout=20',
    '-o', 'ClearAllForwardings=yes',
    '-o', 'PermitLocalCommand=no',
    '-o', 'ControlMaster=no',
    '-T',
    '--',
    checkHost(target.host),
    REMOTE_COMMANDS[privilege],
  ];
}

function classify(stderr: string, code: number | null, ready: boolean, wrong: boolean): { kind: RunKind; sudoMissing: boolean } {
  if (wrong || /incorrect password attempt|Sorry, try again/i.test(stderr)) return { kind: 'wrong-password', sudoMissing: false };
  if (/a password is required|a terminal is required to read the password/i.test(stderr)) return { kind: 'needs-password', sudoMissing: false };
  if (/is not in the sudoers file|is not allowed to execute|may not run sudo|not allowed to run sudo/i.test(stderr)) return { kind: 'no-sudo', sudoMissing: false };
  if (/you must have a tty|no tty present/i.test(stderr)) return { kind: 'needs-tty', sudoMissing: false };
  if (!ready && /sudo: (command )?not found|sudo: No such file/i.test(stderr)) return { kind: 'no-sudo', sudoMissing: true };
  if (!ready && code === 255) return { kind: 'ssh-failed', sudoMissing: false };
  return { kind: 'protocol', sudoMissing: false };
}

/** Runs the program once with these intent lines (already checked by the caller; checked again there). */
export function runProgram(
  target: SshTarget,
  intent: readonly string[],
  privilege: Privilege,
  opts: TransportOptions & { password?: string } = {},
): Promise<ProgramRun> {
  if (privilege === 'sudo-password') {
    if (opts.password === undefined) throw new Error('sudo-password needs a password');
    checkPassword(opts.password);
  }
  const argv = [...(opts.prefix ?? []), ...sshArgv(target, privilege)];
  const payload = programPayload(intent);
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ?? process.env });
    let stdout = '';
    let stderr = '';
    let ready = false;
    let sent = false;
    let prompts = 0;
    let wrong = false;
    let timedOut = false;
    let tooMuch = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 120_000);
    child.stdin.on('error', () => undefined); // the far side may close early (a refusal)
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      if (stdout.length > MAX_OUTPUT) {
        tooMuch = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
      if (stderr.length > MAX_OUTPUT) {
        tooMuch = true;
        child.kill('SIGKILL');
      }
      if (privilege === 'sudo-password' && !ready) {
        const seen = stderr.split(PROMPT).length - 1;
        if (seen > prompts) {
          prompts = seen;
          if (prompts === 1) child.stdin.write(`${opts.password}\n`);
          else {
            // Asked again: the password was wrong. End stdin so sudo gives up now (one failed attempt).
            wrong = true;
            child.stdin.end();
          }
        }
      }
      if (!ready && stderr.includes(READY)) {
        ready = true;
        if (!sent && !wrong) {
          sent = true;
          child.stdin.end(payload);
        }
      }
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ kind: 'ssh-failed', output: parseProgramOutput(''), stderr: err.message, exitCode: null, sudoMissing: false });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const clean = stderr.split(READY).join('').split(PROMPT).join('').replace(/^\s*\n/gm, '').trim();
      const output = parseProgramOutput(stdout);
      if (timedOut) return resolve({ kind: 'timeout', output, stderr: clean, exitCode: code, sudoMissing: false });
      if (tooMuch) return resolve({ kind: 'protocol', output, stderr: 'the server sent far more output than expected', exitCode: code, sudoMissing: false });
      if (ready && (output.done || output.error)) return resolve({ kind: 'ran', output, stderr: clean, exitCode: code, sudoMissing: false });
      resolve({ ...classify(clean, code, ready, wrong), output, stderr: clean, exitCode: code });
    });
  });
}
