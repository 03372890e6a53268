import { AppError } from '../../contract/errors';
import type { Clock } from './clock';
import type { ProbeSession, SpawnSession } from './session';

export interface SimulatedNatOptions {
  /** The NAT forgets a connection idle for longer than this. */
  timeoutSeconds: number;
  clock: Clock;
  /** Time to open a connection (clock ms). */
  connectMs?: number;
  /** Round trip of an echo (clock ms). */
  rttMs?: number;
  /** Make the n-th open (1-based) fail with this message. */
  failOpen?: (n: number) => string | null;
}

export interface SimulatedNat {
  spawn: SpawnSession;
  stats: { opened: number; open: number; maxOpen: number };
}

/**
 * A NAT in a box, at the probe's SSH boundary: a connection answers while it has been idle for at
 * most `timeoutSeconds`; once forgotten it never answers again (its echo times out, as on the
 * lab's router). For unit tests and the UI e2e; the real network is the NAT lab's job.
 */
export function simulatedNat(opts: SimulatedNatOptions): SimulatedNat {
  const { clock } = opts;
  const stats = { opened: 0, open: 0, maxOpen: 0 };
  const spawn: SpawnSession = async (signal) => {
    const n = ++stats.opened;
    await clock.sleep(opts.connectMs ?? 200, signal).catch(() => {
      throw new AppError('cancelled', 'The measurement was cancelled');
    });
    const failure = opts.failOpen?.(n);
    if (failure) throw new AppError('io', failure);
    stats.open++;
    stats.maxOpen = Math.max(stats.maxOpen, stats.open);
    let lastActive = clock.now();
    let forgotten = false;
    let closed = false;
    const session: ProbeSession = {
      async echo(timeoutMs) {
        if (!closed && !forgotten && clock.now() - lastActive > opts.timeoutSeconds * 1000) forgotten = true;
        if (closed || forgotten) {
          await clock.sleep(timeoutMs).catch(() => undefined);
          return false;
        }
        await clock.sleep(opts.rttMs ?? 20).catch(() => undefined);
        lastActive = clock.now();
        return true;
      },
      close() {
        if (closed) return;
        closed = true;
        stats.open--;
      },
    };
    return session;
  };
  return { spawn, stats };
}
