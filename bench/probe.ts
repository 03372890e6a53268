/**
 * "Measure my network" duration (prints numbers, not a test): how long the probe needs to bound a
 * NAT's idle timeout to 10%, against a simulated NAT on a fast clock (the algorithm's own time, in
 * simulated seconds), beside the obvious alternative measured in the same run: one connection at a
 * time, bisecting [0, max idle] to the same precision. Target: under 3x the timeout for common
 * timeouts (a single idle period is the floor), and under 35 minutes always.
 * Run: npx tsx bench/probe.ts [--speed 1000]
 */
import { boundOf, narrowEnough } from '../electron/core/probe/bounds';
import { scaledClock } from '../electron/core/probe/clock';
import { runProbe } from '../electron/core/probe/run-probe';
import { simulatedNat } from '../electron/core/probe/simulated-nat';

const i = process.argv.indexOf('--speed');
const SPEED = i > 0 ? Number(process.argv[i + 1]) : 1000;
const MAX_IDLE = 1800;
const REPLY = 10;
const params = { maxIdleSeconds: MAX_IDLE, connections: 8, replyTimeoutSeconds: REPLY, precision: 0.1, resolutionSeconds: 1, deadlineSeconds: 35 * 60, maxRounds: 6 };

/** The reference: sequential bisection with one connection, same NAT, same precision. */
async function bisect(timeout: number): Promise<number> {
  const clock = scaledClock(SPEED);
  const nat = simulatedNat({ timeoutSeconds: timeout, clock });
  const start = clock.now();
  const samples: Array<{ idleSeconds: number; alive: boolean }> = [];
  let lo = 0;
  let hi = MAX_IDLE;
  while (!narrowEnough(boundOf(samples), params.precision, params.resolutionSeconds)) {
    const mid = samples.length === 0 ? hi : (lo + hi) / 2;
    const session = await nat.spawn(new AbortController().signal);
    const readyAt = clock.now();
    await clock.sleep(mid * 1000);
    const idleSeconds = (clock.now() - readyAt) / 1000;
    const alive = await session.echo(REPLY * 1000);
    session.close();
    samples.push({ idleSeconds, alive });
    if (alive) lo = idleSeconds;
    else hi = idleSeconds;
    if (alive && samples.length === 1) break; // nothing dies within the maximum
  }
  return (clock.now() - start) / 1000;
}

async function probe(timeout: number): Promise<{ seconds: number; bound: string }> {
  const clock = scaledClock(SPEED);
  const nat = simulatedNat({ timeoutSeconds: timeout, clock });
  const start = clock.now();
  const r = await runProbe(nat.spawn, params, { clock, signal: new AbortController().signal, onProgress: () => undefined });
  return { seconds: (clock.now() - start) / 1000, bound: `${r.lowerSeconds.toFixed(0)}-${r.upperSeconds?.toFixed(0) ?? '?'} s${r.complete ? '' : ' (time limit)'}` };
}

const fmt = (s: number) => `${(s / 60).toFixed(1)} min`;
console.log(`simulated NAT, clock x${SPEED}, max idle ${MAX_IDLE} s, 8 connections, bound to 10%`);
console.log('timeout  probe       bound            x timeout  bisection (1 conn)  probe/bisection');
for (const t of [30, 60, 240, 300, 350, 600, 1200]) {
  const [p, b] = [await probe(t), await bisect(t)];
  console.log(
    `${String(t).padStart(6)} s  ${fmt(p.seconds).padEnd(10)}  ${p.bound.padEnd(15)}  ${(p.seconds / t).toFixed(1).padStart(8)}x  ${fmt(b).padStart(18)}  ${(p.seconds / b).toFixed(2).padStart(15)}`,
  );
}
