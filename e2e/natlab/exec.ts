import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** What a finished command left behind. */
export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Every child the lab starts, so teardown can end exactly those (and nothing else). */
export const children = new Set<ChildProcess>();

export function track<T extends ChildProcess>(child: T): T {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/**
 * Runs a command to completion, with a hard time limit (the lab never waits forever).
 * Rejects when it exits non-zero unless `allowFail`.
 */
export function run(
  cmd: string,
  args: string[],
  opts: { timeoutMs?: number; input?: string; env?: NodeJS.ProcessEnv; allowFail?: boolean; cwd?: string } = {},
): Promise<Finished> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    const spawnOpts: SpawnOptions = { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ?? process.env, cwd: opts.cwd };
    const child = track(spawn(cmd, args, spawnOpts));
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')}: no exit within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const done = { code, signal, stdout, stderr };
      if (code !== 0 && !opts.allowFail) reject(new Error(`${cmd} ${args.join(' ')} exited ${code ?? signal}: ${stderr.trim()}`));
      else resolve(done);
    });
    child.stdin?.on('error', () => undefined); // a command that exits without reading its input
    child.stdin?.end(opts.input ?? '');
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
