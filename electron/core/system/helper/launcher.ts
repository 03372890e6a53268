import { existsSync } from 'node:fs';
import { AppError } from '../../../../common/contract/app-error';
import { runWithStdin } from '../../kernel/process';
import { locateHelper, runningCode, type HelperCommand } from './locate';
import { parseRequest, type HelperRequest } from './request';
import { noPromptMessage } from './rerun-hint';
import type { HelperResponse } from './response';
import { runWithSudoPrompt } from './sudo-prompt';
import { trustedRealPath } from './trusted-path';

/**
 * Runs the privileged helper as root, always as its own process (never in-process: the app's
 * environment, TMPDIR and all, must not reach code running as root), and maps the outcomes:
 * - already root (CLI with sudo, headless servers): the helper is spawned with a fixed, minimal
 *   environment, no prompt;
 * - Linux with pkexec: `pkexec <helper> run`, the request on stdin. Exit 126 = the user dismissed
 *   the dialog (a normal "cancelled"), 127 = not authorized / no polkit agent;
 * - macOS: the OS administrator dialog through @vscode/sudo-prompt, the request still on stdin
 *   (redirected from a private file; see sudo-prompt.ts);
 * - otherwise (Linux without pkexec): an error that names the `sudo ssh-keepalive ...` command.
 * Before anything runs, the helper and every directory above it must be safe from other users
 * (trusted-path.ts), and root is handed exactly the real paths that were checked. `SSH_KEEPALIVE_ELEVATE`
 * names a pkexec-compatible program to use instead of pkexec: it only changes which program the
 * *unprivileged* app asks, so it grants nothing (the e2e tests stub the OS prompt with it; the helper
 * behind it is the real one, checked the same way). As root it is ignored: there an environment
 * variable would choose a program root runs, with the caller's whole environment.
 */
export type LaunchResult = { kind: 'response'; response: HelperResponse } | { kind: 'cancelled' };

const PKEXEC = '/usr/bin/pkexec';
/** The whole environment the helper gets when root spawns it (pkexec builds a similar one). */
const ROOT_ENV = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' };

/** The helper to run, refused with a clear message when another user could have changed it. */
export async function trustedHelperCommand(): Promise<HelperCommand> {
  const cmd = locateHelper(runningCode());
  const uid = process.getuid?.();
  if (uid === undefined) return cmd; // Windows: no owners to check; the helper refuses to run there
  return trustCommand(cmd, uid);
}

/**
 * Checks every file of `cmd` (trusted-path.ts) and returns the command with each of them replaced by
 * the real path that was checked: root later opens exactly that, not a link someone could re-point
 * during the OS prompt.
 */
export async function trustCommand(cmd: HelperCommand, uid: number): Promise<HelperCommand> {
  const real = new Map<string, string>();
  for (const file of cmd.files) {
    const checked = await trustedRealPath(file, uid);
    if (checked.real === null) {
      throw new AppError(
        'permission',
        `Refused to run the privileged helper: ${checked.reason}, so another user could change what runs as root. Fix the owner and permissions (chown root, chmod go-w) or reinstall.`,
        { file },
      );
    }
    real.set(file, checked.real);
  }
  return { ...cmd, argv: cmd.argv.map((a) => real.get(a) ?? a), files: cmd.files.map((f) => real.get(f) ?? f) };
}

function parseResponse(stdout: string): HelperResponse {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    const r = JSON.parse(line) as HelperResponse;
    if (typeof r === 'object' && r !== null && typeof r.ok === 'boolean') return r;
  } catch {
    /* below */
  }
  throw new AppError('internal', `The privileged helper gave no answer${stdout ? '' : ' (it may have been stopped)'}`);
}

async function viaPkexecLike(program: string, cmd: HelperCommand, request: string): Promise<LaunchResult> {
  // pkexec builds the helper's environment itself (and the wrapper clears it again).
  const r = await runWithStdin([program, ...cmd.argv, 'run'], request, { env: process.env });
  if (r.code === 126) return { kind: 'cancelled' };
  if (r.code === 127) {
    const why = /no authentication agent/i.test(r.stderr)
      ? 'no polkit authentication agent is running (run the CLI with sudo instead)'
      : 'not authorized';
    throw new AppError('permission', `Administrator rights were not granted: ${why}.`);
  }
  return { kind: 'response', response: parseResponse(r.stdout) };
}

async function viaSudoPrompt(cmd: HelperCommand, request: string): Promise<LaunchResult> {
  const r = await runWithSudoPrompt(cmd, request);
  return r.kind === 'cancelled' ? r : { kind: 'response', response: parseResponse(r.stdout) };
}

async function asRoot(cmd: HelperCommand, request: string): Promise<LaunchResult> {
  const r = await runWithStdin([...cmd.argv, 'run'], request, { env: { ...ROOT_ENV, ...cmd.env } });
  return { kind: 'response', response: parseResponse(r.stdout) };
}

function parsedOrNull(json: string): HelperRequest | null {
  try {
    return parseRequest(json);
  } catch {
    return null;
  }
}

export async function callHelper(request: object): Promise<LaunchResult> {
  const json = JSON.stringify(request);
  const root = process.getuid?.() === 0;
  // Root first: as root no variable decides what runs (the helper is spawned with ROOT_ENV).
  const stub = root ? undefined : process.env.SSH_KEEPALIVE_ELEVATE;
  const mac = process.platform === 'darwin';
  if (!stub && !root && !mac && !existsSync(PKEXEC)) throw new AppError('permission', noPromptMessage(parsedOrNull(json)));
  // The trusted-path check comes before any prompt or spawn.
  const cmd = await trustedHelperCommand();
  if (root) return asRoot(cmd, json);
  if (stub) return viaPkexecLike(stub, cmd, json);
  if (mac) return viaSudoPrompt(cmd, json);
  return viaPkexecLike(PKEXEC, cmd, json);
}
