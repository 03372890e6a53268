import { constants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../../common/contract/app-error';
import type { HelperCommand } from './locate';

/**
 * macOS: administrator rights through @vscode/sudo-prompt (an AppleScript "with administrator
 * privileges" dialog), as pkexec does it on Linux. sudo-prompt runs one shell command line as root,
 * so that line is built only from our own fixed paths, each single-quoted: the helper's argv, `run`,
 * and `< FILE`, a 0600 file in a fresh 0700 directory of the user holding the request. The request's
 * bytes never enter the command line; the helper reads stdin only (helper-main.ts).
 */

export type SudoPromptExec = (
  command: string,
  options: { name: string; env?: Record<string, string> },
  callback: (error?: Error, stdout?: string | Buffer, stderr?: string | Buffer) => void,
) => void;

/** POSIX shell single quotes: every byte literal (a `'` becomes `'\''`). */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command line sudo-prompt runs as root: the helper, `run`, and the request file on stdin. */
export function sudoPromptCommand(argv: readonly string[], requestFile: string): string {
  return `${[...argv, 'run'].map(shellQuote).join(' ')} < ${shellQuote(requestFile)}`;
}

/** sudo-prompt refuses an `env` with no keys ("options.env must not be empty"): only give one with keys. */
export function sudoPromptOptions(env: Record<string, string>): { name: string; env?: Record<string, string> } {
  return Object.keys(env).length ? { name: 'SSH Keepalive', env: { ...env } } : { name: 'SSH Keepalive' };
}

/**
 * sudo-prompt's root script starts with `cd "<working directory>"`, escaping only `"`: a `$`, a
 * backtick or a backslash in that name would be read by the shell as root. Such a directory is
 * refused rather than trusted (null = fine).
 */
export function unsafeWorkingDirectory(cwd: string): string | null {
  return /[$`\\"\n\r]/.test(cwd) ? cwd : null;
}

/** The request in a fresh 0700 directory of ours, as a 0600 file created here (never an existing one). */
export async function writeRequestFile(json: string, parent = os.tmpdir()): Promise<{ dir: string; file: string }> {
  const dir = await fs.mkdtemp(path.join(parent, 'ssh-keepalive-req-'));
  try {
    const st = await fs.lstat(dir);
    const uid = process.getuid?.();
    if (!st.isDirectory() || (st.mode & 0o077) !== 0 || (uid !== undefined && st.uid !== uid)) throw new AppError('permission', `${dir} is not a private directory of this user.`);
    const file = path.join(dir, 'request.json');
    const handle = await fs.open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
    try {
      await handle.writeFile(json);
    } finally {
      await handle.close();
    }
    return { dir, file };
  } catch (err) {
    await fs.rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function loadSudoPrompt(): Promise<SudoPromptExec> {
  const mod = (await import('@vscode/sudo-prompt')) as { exec?: SudoPromptExec; default?: { exec: SudoPromptExec } };
  const exec = mod.exec ?? mod.default?.exec;
  if (!exec) throw new AppError('internal', '@vscode/sudo-prompt has no exec().');
  return exec;
}

/** Runs the helper through the OS dialog; the answer is its stdout (one JSON line), or cancelled. */
export async function runWithSudoPrompt(
  cmd: HelperCommand,
  json: string,
  options: { exec?: SudoPromptExec; cwd?: string; tmpDir?: string } = {},
): Promise<{ kind: 'stdout'; stdout: string } | { kind: 'cancelled' }> {
  const cwd = unsafeWorkingDirectory(options.cwd ?? process.cwd());
  if (cwd !== null) {
    throw new AppError('permission', `Administrator rights are not asked for from a directory whose name a shell would expand (${JSON.stringify(cwd)}): run the app or the command from another directory.`);
  }
  const exec = options.exec ?? (await loadSudoPrompt());
  const { dir, file } = await writeRequestFile(json, options.tmpDir);
  try {
    const stdout = await new Promise<string>((resolve, reject) =>
      exec(sudoPromptCommand(cmd.argv, file), sudoPromptOptions(cmd.env), (err, out) => {
        const text = String(out ?? '');
        // The helper answers a refusal with exit 1 and its JSON on stdout: sudo-prompt calls that an
        // error (with a numeric code) but hands the output over all the same.
        if (!err || (typeof (err as { code?: unknown }).code === 'number' && text.trim())) resolve(text);
        else reject(err);
      }),
    );
    return { kind: 'stdout', stdout };
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    if (/did not grant permission|cancel/i.test(message)) return { kind: 'cancelled' };
    throw new AppError('permission', `Administrator rights were not granted: ${message}`);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
