import { execFile, spawn, type ChildProcess } from 'node:child_process';

/**
 * Runs a program by absolute path with an empty environment and a timeout, never through a shell.
 * The privileged helper runs sshd with it as root, so nothing from the caller's environment leaks
 * in (PATH, LD_PRELOAD, SSH_*); it bundles this file, which must stay free of anything but node:*.
 */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(file: string, args: readonly string[], timeoutMs = 15_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(file, args, { env: {}, timeout: timeoutMs, maxBuffer: 4 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 255) : 0;
      resolve({ code, stdout, stderr: stderr || (err && !stderr ? err.message : '') });
    });
  });
}

export interface StdinRunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `argv` with `stdin` as its whole input and the given environment (nothing else is inherited),
 * collecting its output: how the launcher hands the privileged helper its request (stdin only).
 */
export function runWithStdin(
  argv: readonly string[],
  stdin: string | Buffer,
  options: { env: NodeJS.ProcessEnv; onSpawn?: (child: ChildProcess) => void },
): Promise<StdinRunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env: options.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
    options.onSpawn?.(child);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
