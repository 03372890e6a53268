import { DEFAULT_INTERVAL } from '../../../common/contract/keepalive';
import { formatDuration } from '../../../common/format/duration';

/** One check: a connection idled `idleSeconds`, then did or did not answer. */
export interface Sample {
  idleSeconds: number;
  alive: boolean;
}

export interface Bound {
  /** Longest idle that survived below the upper bound (0 = none yet). */
  lower: number;
  /** Shortest idle that was forgotten; null = nothing died yet. */
  upper: number | null;
  /** An answer after a longer idle than a forgotten one: the network is not one fixed timeout. */
  inconsistent: boolean;
}

/** The timeout lies in (lower, upper]: a connection alive after `a` s means it is longer than a. */
export function boundOf(samples: readonly Sample[]): Bound {
  const dead = samples.filter((s) => !s.alive).map((s) => s.idleSeconds);
  const upper = dead.length ? Math.min(...dead) : null;
  const alive = samples.filter((s) => s.alive).map((s) => s.idleSeconds);
  const below = upper === null ? alive : alive.filter((a) => a < upper);
  return { lower: below.length ? Math.max(...below) : 0, upper, inconsistent: below.length < alive.length };
}

/** Narrow enough: the bound is within `precision` of its upper end, or under `resolution` seconds. */
export function narrowEnough(b: Bound, precision: number, resolutionSeconds: number): boolean {
  return b.upper !== null && b.upper - b.lower <= Math.max(precision * b.upper, resolutionSeconds);
}

/**
 * Idle times for the next round's `k` connections. First round (nothing died yet): a geometric
 * ladder up to the maximum (doubling for the default 30 min / 8), so a short timeout is found as fast
 * as a long one is reached. Later rounds: evenly inside the bound, so each shrinks it k+1 times.
 */
export function nextIdleTimes(b: Bound, k: number, maxIdleSeconds: number): number[] {
  const times: number[] = [];
  if (b.upper === null) {
    const from = Math.max(1, maxIdleSeconds / 2 ** (k - 1));
    const ratio = k > 1 ? (maxIdleSeconds / from) ** (1 / (k - 1)) : 1;
    for (let i = 0; i < k; i++) times.push(i === k - 1 ? maxIdleSeconds : from * ratio ** i);
  } else {
    for (let i = 1; i <= k; i++) times.push(b.lower + ((b.upper - b.lower) * i) / (k + 1));
  }
  return times.map((t) => Math.round(t * 1000) / 1000);
}

/**
 * A keepalive comfortably inside the measured limit: half the longest idle that survived, at most the
 * usual 60 s (a shorter interval costs nothing that matters, a longer one gains nothing).
 */
export function recommendInterval(b: Bound): number {
  const safe = b.upper === null ? DEFAULT_INTERVAL : Math.floor((b.lower > 0 ? b.lower : b.upper) / 2);
  return Math.max(1, Math.min(DEFAULT_INTERVAL, safe));
}

/** Durations are said as everywhere in the app ("3 min 45 s", "2.5 s"): common/format's formatDuration. */
export function describeBound(b: Bound, maxIdleSeconds: number): string {
  if (b.upper === null) {
    return `No idle connection was forgotten within ${formatDuration(maxIdleSeconds)} (or the server sends keepalives of its own).`;
  }
  const range = b.lower > 0 ? `${formatDuration(b.lower)} to ${formatDuration(b.upper)}` : `at most ${formatDuration(b.upper)}`;
  const note = b.inconsistent ? ' Results varied between connections: the path may not forget them at one fixed time.' : '';
  return `This network forgets idle connections after ${range}.${note}`;
}

/** The server ended idle probe connections itself: when, and whether the network could still be measured. */
export interface ServerClose {
  idleSeconds: number;
  mode: 'channel' | 'no-channel';
  message: string;
}

export interface ServerCloseSummary {
  /** Idle seconds after which the server closed probe sessions (sshd ChannelTimeout), or null. */
  sessionSeconds: number | null;
  /** ... connections with no session open (sshd UnusedConnectionTimeout), or null. */
  connectionSeconds: number | null;
  measurable: boolean;
  message: string;
}

/** Said after the bound: the server's own limit is not the network's. */
export function describeServerClose(s: ServerCloseSummary, impossible: string | null): string {
  const sessions = s.sessionSeconds !== null ? `The server itself closes idle sessions after about ${formatDuration(s.sessionSeconds)} (sshd ChannelTimeout: keepalive cannot prevent it; that is not the network's timeout)` : '';
  const connections = s.connectionSeconds !== null ? `${sessions ? ', and' : 'The server itself closes'} connections without a session after about ${formatDuration(s.connectionSeconds)} (sshd UnusedConnectionTimeout)` : '';
  const lead = `${sessions}${connections}`;
  if (s.measurable) return `${lead}. The network was measured with connections that have no session open.`;
  const limit = Math.min(...[s.sessionSeconds, s.connectionSeconds].filter((x): x is number => x !== null));
  return `${lead}. The network's own timeout cannot be measured past about ${formatDuration(limit)} through this server (${impossible ?? 'no other kind of connection'}).`;
}
