import { AppError } from '../../../common/contract/errors';
import type { ProbeResult } from '../../../common/contract/probe';
import { boundOf, describeBound, describeServerClose, narrowEnough, nextIdleTimes, recommendInterval, type Bound, type Sample, type ServerClose } from './bounds';
import type { Clock } from './clock';
import type { ProbeSession, SessionMode, SpawnSession } from './session';
import { steadyTimeLeft, type ShownEstimate, type Steadied } from './time-left';

export interface ProbeParams {
  maxIdleSeconds: number;
  /** Connections open at once (one round). */
  connections: number;
  replyTimeoutSeconds: number;
  /** Stop when the bound is this narrow relative to its upper end (0.1 = 10%)... */
  precision: number;
  /** ...or narrower than this many seconds. */
  resolutionSeconds: number;
  /** The whole run never takes longer than this. */
  deadlineSeconds: number;
  maxRounds: number;
}

export interface ProbeProgress {
  elapsedSeconds: number;
  timeLeftSeconds: number;
  /** The last growth of the time left and its cause (see time-left.ts); null while it only went down. */
  timeLeftGrew: Steadied['grew'];
  round: number;
  openConnections: number;
  lowerSeconds: number;
  upperSeconds: number | null;
}

export interface ProbeRuntime {
  clock: Clock;
  signal: AbortSignal;
  onProgress: (p: ProbeProgress) => void;
}

/** Connections opened at the same moment: a gentle start for servers with a low MaxStartups. */
const OPEN_AT_ONCE = 4;

/**
 * Measures how long the path keeps an idle connection. Each round opens `connections` sessions,
 * lets session i stay silent for its own idle time, then asks it for an echo: an answer raises the
 * lower bound, silence lowers the upper one. Once one dies, the longer ones of the round are closed
 * unasked (they would die too), so a round lasts about as long as the timeout, not the maximum.
 *
 * A connection the server closed cleanly while it idled is not the network forgetting it (a NAT
 * cannot end an idle connection: nothing crosses it). It is no sample: the server's limit is
 * recorded and the probe goes on with connections that have no session open (ChannelTimeout
 * cannot close those); when the server closes those too (UnusedConnectionTimeout), or the spawner
 * has no such connections, it stops and says the network cannot be measured past the server.
 */
export async function runProbe(spawn: SpawnSession, params: ProbeParams, rt: ProbeRuntime): Promise<ProbeResult> {
  const { clock, signal } = rt;
  const started = clock.now();
  const samples: Sample[] = [];
  const open = new Set<ProbeSession>();
  let round = 0;
  let roundEndsAt = started;
  let mode: SessionMode = 'channel';
  const closes: ServerClose[] = [];
  let impossible: string | null = null;
  let closedLastRound = false;
  const elapsed = () => (clock.now() - started) / 1000;
  let shown: ShownEstimate | null = null;
  let grew: Steadied['grew'] = null;

  const report = () => {
    const b = boundOf(samples);
    const now = clock.now();
    const raw = estimateLeft(b, params, Math.max(0, (roundEndsAt - now) / 1000), params.deadlineSeconds - elapsed());
    const steady = steadyTimeLeft(shown, { nowMs: now, leftSeconds: raw, round, lower: b.lower, upper: b.upper });
    shown = steady.shown;
    grew = steady.grew ?? grew;
    rt.onProgress({
      elapsedSeconds: round1(elapsed()),
      timeLeftSeconds: round1(steady.leftSeconds),
      timeLeftGrew: grew,
      round,
      openConnections: open.size,
      lowerSeconds: b.lower,
      upperSeconds: b.upper,
    });
  };
  const ticker = setInterval(report, 250);
  const finish = (complete: boolean): ProbeResult => {
    const b = boundOf(samples);
    const result: ProbeResult = { lowerSeconds: b.lower, upperSeconds: b.upper, recommendedInterval: recommendInterval(b), complete, text: describeBound(b, params.maxIdleSeconds) };
    if (!closes.length) return result;
    const first = (m: SessionMode) => {
      const t = closes.filter((c) => c.mode === m).map((c) => c.idleSeconds);
      return t.length ? Math.min(...t) : null;
    };
    const serverClose = { sessionSeconds: first('channel'), connectionSeconds: first('no-channel'), measurable: impossible === null, message: closes[0]?.message ?? '' };
    return { ...result, serverClose, text: `${result.text} ${describeServerClose(serverClose, impossible)}` };
  };

  try {
    for (;;) {
      if (signal.aborted) throw new AppError('cancelled', 'The measurement was cancelled');
      const b = boundOf(samples);
      // Nothing died up to the maximum (unless the server cut the last round short).
      if (round > 0 && b.upper === null && !closedLastRound) return finish(true);
      if (narrowEnough(b, params.precision, params.resolutionSeconds)) return finish(true);
      if (round >= params.maxRounds) return finish(false);
      const idles = nextIdleTimes(b, params.connections, params.maxIdleSeconds);
      const longest = Math.max(...idles);
      if (elapsed() + longest + params.replyTimeoutSeconds > params.deadlineSeconds) return finish(false);
      round++;
      roundEndsAt = clock.now() + (longest + params.replyTimeoutSeconds) * 1000;
      report();
      try {
        await runRound(idles, mode);
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'unsupported' && mode === 'no-channel')) throw err;
        impossible = 'this connection cannot idle without a session';
        return finish(false);
      }
      report();
      closedLastRound = closes.some((c) => c.mode === mode);
      if (closedLastRound) {
        if (mode === 'no-channel') {
          impossible = 'the server also closes connections without a session';
          return finish(false);
        }
        mode = 'no-channel';
      }
    }
  } finally {
    clearInterval(ticker);
    for (const s of open) s.close();
    open.clear();
  }

  async function runRound(idles: number[], roundMode: SessionMode): Promise<void> {
    const sessions = await openSessions(idles.length, roundMode);
    // Fewer connections than planned (some failed to open): keep the idles spread, the longest included.
    const kept = spread(idles, sessions.length);
    // The longest idle goes to the connection that was ready first: the round ends sooner.
    const plan = sessions.map((s, i) => ({ ...s, idle: kept[kept.length - 1 - i] as number, stop: new AbortController() }));
    const stopAll = () => plan.forEach((p) => p.stop.abort());
    signal.addEventListener('abort', stopAll, { once: true });
    const retire = (p: (typeof plan)[number]) => {
      p.stop.abort();
      p.session.close();
      open.delete(p.session);
    };
    try {
      await Promise.all(
        plan.map(async (p) => {
          try {
            await clock.sleep(Math.max(0, p.readyAt + p.idle * 1000 - clock.now()), p.stop.signal);
          } catch {
            return; // a shorter idle already died, or the run was cancelled
          }
          const askedAt = clock.now();
          const alive = await p.session.echo(params.replyTimeoutSeconds * 1000);
          const idleSeconds = ((p.session.echoSentAt?.() ?? askedAt) - p.readyAt) / 1000;
          if (signal.aborted || p.stop.signal.aborted) return;
          const end = alive ? null : (p.session.ended?.() ?? null);
          if (end?.by === 'server') {
            // The server ended it while it idled: its limit, not the network's. Longer idles of
            // this round would end the same way.
            closes.push({ idleSeconds: round3(Math.max(0, end.atMs - p.readyAt) / 1000), mode: roundMode, message: end.message });
            retire(p);
            plan.filter((q) => q.idle > p.idle).forEach(retire);
            report();
            return;
          }
          samples.push({ idleSeconds: round3(idleSeconds), alive });
          retire(p);
          // Forgotten after p.idle: every longer idle of this round would be forgotten too.
          if (!alive) plan.filter((q) => q.idle > p.idle).forEach(retire);
          report();
        }),
      );
    } finally {
      signal.removeEventListener('abort', stopAll);
      plan.forEach(retire);
    }
    if (signal.aborted) throw new AppError('cancelled', 'The measurement was cancelled');
  }

  async function openSessions(count: number, roundMode: SessionMode): Promise<Array<{ session: ProbeSession; readyAt: number }>> {
    const ready: Array<{ session: ProbeSession; readyAt: number }> = [];
    const failures: unknown[] = [];
    let next = 0;
    const worker = async () => {
      while (next < count && !signal.aborted) {
        next++;
        try {
          const session = await spawn(signal, roundMode);
          open.add(session);
          ready.push({ session, readyAt: clock.now() });
          report();
        } catch (err) {
          failures.push(err);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(OPEN_AT_ONCE, count) }, worker));
    if (signal.aborted) throw new AppError('cancelled', 'The measurement was cancelled');
    // Without at least two connections a round says nothing; the first failure says why.
    if (ready.length < Math.min(2, count)) {
      const first = failures[0];
      throw first instanceof AppError ? first : new AppError('io', `Could not open connections: ${String(first)}`);
    }
    return ready;
  }
}

/**
 * This round's rest, then about one upper bound per further round needed. Before anything died the
 * timeout is unknown: the ladder doubles, so the next round is guessed at twice the longest survivor.
 */
function estimateLeft(b: Bound, p: ProbeParams, roundLeft: number, deadlineLeft: number): number {
  if (b.upper === null) return Math.max(0, Math.min(deadlineLeft, roundLeft + (roundLeft > 0 ? Math.min(2 * b.lower, p.maxIdleSeconds) : 0)));
  let width = b.upper - b.lower;
  let rounds = 0;
  const tolerance = Math.max(p.precision * b.upper, p.resolutionSeconds);
  while (width / (p.connections + 1) > tolerance && rounds < p.maxRounds) {
    width /= p.connections + 1;
    rounds++;
  }
  return Math.max(0, Math.min(deadlineLeft, roundLeft + rounds * (b.upper + p.replyTimeoutSeconds)));
}

/** `n` of the sorted `items`, evenly spaced, always including the last. */
export function spread<T>(items: readonly T[], n: number): T[] {
  if (n >= items.length) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.round(((i + 1) * items.length) / n) - 1] as T);
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
