import { execFile } from 'node:child_process';

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
