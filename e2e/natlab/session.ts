import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sleep, track } from './exec';
import type { Network } from './network';

/** The remote command of every lab session: say "ready", then echo each line back. */
export const ECHO_COMMAND = 'echo ready; exec cat';

export interface IdleOutcome {
  /** The echo came back after the idle time. */
  answered: boolean;
  /** Exit code once the client ended (null: killed by the lab after its time limit). */
  exitCode: number | null;
  stderr: string;
  /** Seconds from the line written after the idle time to the client's exit (dead sessions). */
  secondsToExit: number | null;
}

export interface IdleLimits {
  readyMs: number;
  answerMs: number;
  exitMs: number;
}

const DEFAULT_LIMITS: IdleLimits = { readyMs: 15_000, answerMs: 4_000, exitMs: 25_000 };

/**
 * Runs `argv` (ssh or plink, ending in ECHO_COMMAND) in the client namespace, waits for "ready",
 * stays silent for `idleMs`, then writes one line and watches whether it comes back. A session that
 * does not answer is given `exitMs` to end by itself (as ssh does, with its error), then killed.
 */
export async function idleSession(net: Network, argv: string[], env: NodeJS.ProcessEnv, idleMs: number, limits: IdleLimits = DEFAULT_LIMITS): Promise<IdleOutcome> {
  const [cmd, ...args] = argv;
  if (!cmd) throw new Error('idleSession: empty command');
  const child = track(spawn('ip', ['netns', 'exec', net.client, cmd, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] }));
  let stdout = '';
  let stderr = '';
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => child.once('close', (code) => ((exitCode = code), resolve())));
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.on('error', () => undefined); // writing to a session that already died is expected

  const until = async (pred: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!pred() && exitCode === undefined && Date.now() < end) await sleep(50);
    return pred();
  };
  try {
    if (!(await until(() => stdout.includes('ready\n'), limits.readyMs))) {
      throw new Error(`${cmd} never became ready (exit ${exitCode}): ${stderr.trim()}`);
    }
    await sleep(idleMs);
    const token = `ping-${randomBytes(4).toString('hex')}`;
    const wroteAt = Date.now();
    child.stdin.write(`${token}\n`);
    const answered = await until(() => stdout.includes(`${token}\n`), limits.answerMs);
    if (answered) child.stdin.end();
    const ended = await Promise.race([exited.then(() => true), sleep(answered ? 5_000 : limits.exitMs).then(() => false)]);
    if (!ended) {
      child.kill('SIGKILL');
      await exited;
    }
    return { answered, exitCode: ended ? (exitCode ?? null) : null, stderr, secondsToExit: ended && !answered ? (Date.now() - wroteAt) / 1000 : null };
  } finally {
    if (exitCode === undefined) child.kill('SIGKILL');
  }
}
