import { describe, expect, it } from 'vitest';
import { AppError } from '../../../common/contract/errors';
import { scaledClock } from './clock';
import { runProbe, spread, type ProbeParams, type ProbeProgress } from './run-probe';
import { simulatedNat } from './simulated-nat';

const params = (over: Partial<ProbeParams> = {}): ProbeParams => ({
  maxIdleSeconds: 1800,
  connections: 8,
  replyTimeoutSeconds: 10,
  precision: 0.1,
  resolutionSeconds: 1,
  deadlineSeconds: 35 * 60,
  maxRounds: 6,
  ...over,
});

/** 1000 simulated seconds per real second: a 35-minute budget runs in about two seconds. */
const SPEED = 1000;

async function measure(timeoutSeconds: number, over: Partial<ProbeParams> = {}) {
  const clock = scaledClock(SPEED);
  const nat = simulatedNat({ timeoutSeconds, clock });
  const progress: ProbeProgress[] = [];
  const started = clock.now();
  const result = await runProbe(nat.spawn, params(over), { clock, signal: new AbortController().signal, onProgress: (p) => progress.push(p) });
  return { result, nat, progress, seconds: (clock.now() - started) / 1000 };
}

describe('runProbe against a simulated NAT', () => {
  for (const timeout of [8, 45, 240, 300, 350, 600]) {
    it(`finds a ${timeout} s timeout inside a bound at most 20% wide`, async () => {
      const { result, nat, seconds } = await measure(timeout);
      expect(result.upperSeconds).not.toBeNull();
      expect(result.lowerSeconds).toBeLessThanOrEqual(timeout);
      expect(result.upperSeconds!).toBeGreaterThanOrEqual(timeout);
      expect(result.upperSeconds! - result.lowerSeconds).toBeLessThanOrEqual(0.2 * timeout);
      expect(result.complete).toBe(true);
      expect(result.recommendedInterval).toBeLessThan(timeout);
      expect(nat.stats.maxOpen).toBeLessThanOrEqual(8);
      expect(nat.stats.open).toBe(0); // every connection closed at the end
      // A round ends soon after its first forgotten connection, not at the maximum idle.
      expect(seconds).toBeLessThan(Math.min(35 * 60, 4 * timeout + 120));
    });
  }

  it('never lets the time left grow without saying why', async () => {
    for (const timeout of [45, 300, 1200]) {
      const { progress } = await measure(timeout);
      let rises = 0;
      progress.forEach((p, i) => {
        const before = progress[i - 1];
        if (!before || p.timeLeftSeconds <= before.timeLeftSeconds + 0.1) return;
        rises++;
        // A rise comes with a new growth record: its size and its cause.
        expect(p.timeLeftGrew).not.toBe(before.timeLeftGrew);
        expect(p.timeLeftGrew!.bySeconds).toBeGreaterThan(0);
      });
      // The ladder of the first round and the later rounds do raise it: the test saw the reasons.
      if (timeout === 300) expect(rises).toBeGreaterThan(0);
    }
  });

  it('says a bound it could not narrow within 35 minutes is incomplete, and still contains the timeout', async () => {
    const { result, seconds } = await measure(1200);
    expect(result.lowerSeconds).toBeLessThanOrEqual(1200);
    expect(result.upperSeconds!).toBeGreaterThanOrEqual(1200);
    expect(result.complete).toBe(false);
    expect(seconds).toBeLessThanOrEqual(35 * 60);
  });

  it('reports no timeout when every connection survives the maximum idle', async () => {
    const { result } = await measure(5000, { maxIdleSeconds: 600 });
    expect(result.upperSeconds).toBeNull();
    expect(result.lowerSeconds).toBeGreaterThanOrEqual(599);
    expect(result.recommendedInterval).toBe(60);
    expect(result.text).toMatch(/within 10 min/);
  });

  it('reports progress: elapsed grows, the bound narrows, time left is given', async () => {
    const { progress } = await measure(300);
    expect(progress.length).toBeGreaterThan(3);
    const last = progress[progress.length - 1]!;
    expect(last.upperSeconds).not.toBeNull();
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.elapsedSeconds).toBeGreaterThanOrEqual(progress[i - 1]!.elapsedSeconds);
    expect(progress.some((p) => p.timeLeftSeconds > 0)).toBe(true);
    expect(Math.max(...progress.map((p) => p.openConnections))).toBeLessThanOrEqual(8);
  });

  it('stops within the deadline and says the result is incomplete', async () => {
    const { result, seconds } = await measure(1500, { deadlineSeconds: 1000 });
    expect(seconds).toBeLessThanOrEqual(1000 + 30);
    expect(result.complete).toBe(false);
  });

  it('stops on cancel, closing every connection', async () => {
    const clock = scaledClock(SPEED);
    const nat = simulatedNat({ timeoutSeconds: 300, clock });
    const controller = new AbortController();
    const run = runProbe(nat.spawn, params(), { clock, signal: controller.signal, onProgress: () => undefined });
    await clock.sleep(100_000);
    expect(nat.stats.open).toBeGreaterThan(0);
    controller.abort();
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(nat.stats.open).toBe(0);
  });

  it('still bounds the timeout when some connections fail to open', async () => {
    const clock = scaledClock(SPEED);
    const nat = simulatedNat({ timeoutSeconds: 300, clock, failOpen: (n) => (n % 3 === 0 ? 'Connection reset by peer' : null) });
    const r = await runProbe(nat.spawn, params(), { clock, signal: new AbortController().signal, onProgress: () => undefined });
    expect(r.lowerSeconds).toBeLessThanOrEqual(300);
    expect(r.upperSeconds!).toBeGreaterThanOrEqual(300);
    expect(r.upperSeconds! - r.lowerSeconds).toBeLessThanOrEqual(60);
    expect(spread([1, 2, 3, 4, 5, 6, 7, 8], 4)).toEqual([2, 4, 6, 8]);
    expect(spread([1, 2, 3], 5)).toEqual([1, 2, 3]);
  });

  it('fails with the reason when connections cannot be opened', async () => {
    const clock = scaledClock(SPEED);
    const nat = simulatedNat({ timeoutSeconds: 300, clock, failOpen: () => 'Permission denied (publickey).' });
    const run = runProbe(nat.spawn, params(), { clock, signal: new AbortController().signal, onProgress: () => undefined });
    await expect(run).rejects.toBeInstanceOf(AppError);
    await expect(run).rejects.toThrow(/Permission denied/);
  });
});

describe('runProbe when the server closes idle connections itself', () => {
  const run = async (nat: Parameters<typeof simulatedNat>[0]) => {
    const n = simulatedNat(nat);
    const result = await runProbe(n.spawn, params(), { clock: nat.clock, signal: new AbortController().signal, onProgress: () => undefined });
    return { result, stats: n.stats };
  };

  it('does not take ChannelTimeout for the NAT timeout: it measures on without sessions', async () => {
    const clock = scaledClock(SPEED);
    const { result, stats } = await run({ timeoutSeconds: 300, clock, serverClosesSessionsAfter: 120 });
    expect(result.upperSeconds).not.toBeNull();
    expect(result.lowerSeconds).toBeLessThanOrEqual(300);
    expect(result.upperSeconds!).toBeGreaterThanOrEqual(300);
    expect(result.upperSeconds! - result.lowerSeconds).toBeLessThanOrEqual(60);
    expect(result.serverClose).toMatchObject({ sessionSeconds: 120, connectionSeconds: null, measurable: true });
    expect(result.text).toMatch(/closes idle sessions after about 2 min .*not the network/);
    expect(stats.open).toBe(0);
  });

  it('says the network cannot be measured past the server when it also closes connections without a session', async () => {
    const clock = scaledClock(SPEED);
    const { result } = await run({ timeoutSeconds: 300, clock, serverClosesSessionsAfter: 120, serverClosesUnusedAfter: 60 });
    expect(result.upperSeconds).toBeNull();
    expect(result.complete).toBe(false);
    expect(result.serverClose).toMatchObject({ sessionSeconds: 120, connectionSeconds: 60, measurable: false });
    expect(result.text).toMatch(/cannot be measured past about 1 min/);
  });

  it('stops with the reason when the boundary has no connections without a session', async () => {
    const clock = scaledClock(SPEED);
    const { result } = await run({ timeoutSeconds: 300, clock, serverClosesSessionsAfter: 90, sessionsOnly: true });
    expect(result.upperSeconds).toBeNull();
    expect(result.serverClose?.measurable).toBe(false);
    expect(result.text).toMatch(/cannot idle without a session/);
  });

  it('a NAT shorter than the server limit is measured as before (the server close never reaches the client)', async () => {
    const clock = scaledClock(SPEED);
    const { result } = await run({ timeoutSeconds: 200, clock, serverClosesSessionsAfter: 600 });
    expect(result.lowerSeconds).toBeLessThanOrEqual(200);
    expect(result.upperSeconds!).toBeGreaterThanOrEqual(200);
    expect(result.serverClose).toBeUndefined();
  });
});
