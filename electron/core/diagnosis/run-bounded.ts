import { spawn } from 'node:child_process';

export interface Bounded {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Killed at the time limit (or by the caller's signal). */
  timedOut: boolean;
  /** Some output was dropped to stay under the limit. */
  truncated: boolean;
}

export interface BoundedOptions {
  input?: string;
  timeoutMs: number;
  /** Bytes kept of each stream: stdout from its start, stderr from its end (ssh's last words matter). */
  maxBytes?: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Called with each stderr chunk as it arrives (the keepalive measurement timestamps lines). */
  onStderr?: (chunk: string) => void;
}

/**
 * Runs a program to its end with a hard time limit and bounded output, never through a shell.
 * Whatever the other side sends, this returns (it never rejects once the program started).
 */
export function runBounded(cmd: string, args: readonly string[], opts: BoundedOptions): Promise<Bounded> {
  const max = opts.maxBytes ?? 256 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ?? process.env, windowsHide: true });
    let stdout = '';
    let stderr = '';
    let truncated = false;
    let timedOut = false;
    const kill = () => {
      timedOut = true;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(kill, opts.timeoutMs);
    opts.signal?.addEventListener('abort', kill, { once: true });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      if (stdout.length + d.length > max) {
        truncated = true;
        stdout += d.slice(0, Math.max(0, max - stdout.length));
      } else stdout += d;
    });
    child.stderr.on('data', (d: string) => {
      opts.onStderr?.(d);
      stderr += d;
      if (stderr.length > max) {
        truncated = true;
        stderr = stderr.slice(-max);
      }
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', kill);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', kill);
      resolve({ code, signal, stdout, stderr, timedOut, truncated });
    });
    child.stdin.on('error', () => undefined); // a program that exits without reading all of it
    child.stdin.end(opts.input ?? '');
  });
}
