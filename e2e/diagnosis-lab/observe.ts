import { spawn } from 'node:child_process';
import { sleep, track } from '../natlab/exec';

/**
 * One idle session, as a user leaves it: a login shell (`ssh -tt`, the lab's prompt marks the
 * moment it went idle) or a connection with no session (`ssh -N`, idle from login). It is left
 * alone for `idleSeconds` or until it dies; a shell still there is then asked for an echo.
 */
export interface Observation {
  /** ms timestamps. */
  readyAt: number;
  exitedAt: number | null;
  exitCode: number | null;
  /** A shell answered after the idle time / a tunnel was still connected. */
  survived: boolean;
  stdout: string;
  stderr: string;
}

export const PROMPT = 'lab-ready$ ';
const READY_MS = 30_000;

export async function observeIdle(argv: string[], env: NodeJS.ProcessEnv, kind: 'shell' | 'tunnel', idleSeconds: number): Promise<Observation> {
  const child = track(spawn(argv[0] as string, argv.slice(1), { env, stdio: ['pipe', 'pipe', 'pipe'] }));
  let stdout = '';
  let stderr = '';
  let exitedAt: number | null = null;
  let exitCode: number | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once('close', (code) => {
      exitedAt = Date.now();
      exitCode = code;
      resolve();
    }),
  );
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.on('error', () => undefined);
  const until = async (pred: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!pred() && exitedAt === null && Date.now() < end) await sleep(50);
    return pred();
  };
  try {
    const ready = kind === 'shell' ? () => stdout.includes(PROMPT) : () => /^Authenticated to |debug1: Entering interactive session/m.test(stderr);
    if (!(await until(ready, READY_MS))) throw new Error(`${argv.join(' ')}: not ready (exit ${exitCode}): ${stderr.trim().split('\n').slice(-2).join(' | ')}`);
    const readyAt = Date.now();
    await Promise.race([exited, sleep(idleSeconds * 1000)]);
    let survived = false;
    if (exitedAt === null) {
      if (kind === 'shell') {
        child.stdin.write('echo lab$((6*7))\n');
        survived = await until(() => stdout.includes('lab42'), 5_000);
        // A dead path: ssh finds out from the write (retransmissions give up within seconds here).
        if (!survived) await Promise.race([exited, sleep(20_000)]);
      } else survived = true;
    }
    return { readyAt, exitedAt, exitCode, survived, stdout, stderr };
  } finally {
    if (exitedAt === null) child.kill('SIGKILL');
  }
}
