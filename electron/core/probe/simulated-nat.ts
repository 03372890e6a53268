import { AppError } from '../../../common/contract/errors';
import type { Clock } from './clock';
import { SshConnectError } from './connect-failure';
import type { ProbeSession, SessionEnd, SpawnSession } from './session';

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
  /** The server closes a session idle this long (sshd ChannelTimeout session:*). */
  serverClosesSessionsAfter?: number;
  /** The server closes a connection without a session idle this long (UnusedConnectionTimeout). */
  serverClosesUnusedAfter?: number;
  /** The boundary offers only connections with a session (as a spawner without -N would). */
  sessionsOnly?: boolean;
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
  const spawn: SpawnSession = async (signal, mode = 'channel') => {
    if (mode === 'no-channel' && opts.sessionsOnly) throw new AppError('unsupported', 'no connections without a session here');
    const n = ++stats.opened;
    await clock.sleep(opts.connectMs ?? 200, signal).catch(() => {
      throw new AppError('cancelled', 'The measurement was cancelled');
    });
    // ssh's last words, read by the same classifier as real ssh's stderr.
    const failure = opts.failOpen?.(n);
    if (failure) throw new SshConnectError(failure);
    stats.open++;
    stats.maxOpen = Math.max(stats.maxOpen, stats.open);
    let lastActive = clock.now();
    let forgotten = false;
    let closed = false;
    let end: SessionEnd | null = null;
    const serverLimit = mode === 'channel' ? opts.serverClosesSessionsAfter : opts.serverClosesUnusedAfter;
    const session: ProbeSession = {
      ended: () => end,
      async echo(timeoutMs) {
        // Whichever comes first: the server's close (seen by the client while the path works) or
        // the NAT forgetting the flow (after which the server's close never arrives).
        const closeAt = serverLimit === undefined ? Infinity : lastActive + serverLimit * 1000;
        const forgetAt = lastActive + opts.timeoutSeconds * 1000;
        if (!closed && !forgotten && !end && closeAt < forgetAt && clock.now() >= closeAt) {
          end = { by: 'server', atMs: closeAt, message: 'ssh exited 255 without a message (the server closed the session)' };
        }
        if (!closed && !forgotten && !end && clock.now() - lastActive > opts.timeoutSeconds * 1000) forgotten = true;
        if (end) return false;
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
