/**
 * Client-config speed (prints numbers, not a test): on generated 1k / 10k / 50k-host configs,
 * - "list": effective values of ALL hosts (`hosts:list` through dispatch, as every shell calls it;
 *   a fresh handler set per run, so nothing is cached from an earlier read),
 * - "toggle": one keepalive switch on a host in the middle of the file: preview + apply (apply writes
 *   the file, the backup, and returns the recomputed snapshot of all hosts),
 * beside ONE `ssh -G` call on the same file, measured in the same run, with the ratio.
 * Targets: list of 10k under 100 ms (goal: under one ssh -G call); toggle on 10k under 20 ms.
 * Run: npx tsx bench/hosts.ts [--sizes 1000,10000,50000] [--runs N]
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { ConfigSnapshot } from '../common/contract/hosts';
import type { KeepaliveIntent } from '../common/contract/keepalive';
import { defaultContext } from '../electron/core/kernel/context';
import { dispatch } from '../electron/core/kernel/dispatch';
import { createHandlers } from '../electron/core/handlers';
import { generateConfig, makeHome, type FixtureHome } from '../e2e/fixtures/configs/index';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const SIZES = (arg('--sizes') ?? '1000,10000,50000').split(',').map(Number);
const RUNS = Number(arg('--runs') ?? 7);
const TARGET_LIST_10K_MS = 100;
const TARGET_TOGGLE_10K_MS = 20;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function timeIt(runs: number, fn: () => Promise<void> | void): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

function handlersFor(fx: FixtureHome) {
  return createHandlers(defaultContext({ homeDir: fx.home, stateDir: fx.stateDir, systemConfigPath: null, localUser: os.userInfo().username }));
}

async function call<T>(h: ReturnType<typeof createHandlers>, channel: string, req: unknown): Promise<T> {
  const r = await dispatch(h, channel, req);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value as T;
}

function sshGOnce(fx: FixtureHome, host: string): number {
  const t = performance.now();
  execFileSync('ssh', ['-G', '-F', fx.configPath, host], { env: { ...process.env, HOME: fx.home }, stdio: ['ignore', 'pipe', 'ignore'] });
  return performance.now() - t;
}

async function benchSize(n: number) {
  const fx = await makeHome(`bench${n}`, { config: generateConfig(n) });
  try {
    const runs = n >= 50_000 ? Math.max(3, Math.ceil(RUNS / 2)) : RUNS;
    // One ssh -G for a host in the middle (ssh reads the whole file either way).
    const mid = `node${Math.floor(n / 2)}`;
    sshGOnce(fx, mid); // warm the page cache
    const ssh = median(await timeIt(runs, () => void sshGOnce(fx, mid)));

    let snapshot: ConfigSnapshot | undefined;
    const listCold = await timeIt(runs, async () => {
      snapshot = await call<ConfigSnapshot>(handlersFor(fx), 'hosts:list', { configPath: fx.configPath });
    });
    const h = handlersFor(fx);
    await call(h, 'hosts:list', { configPath: fx.configPath });
    const listWarm = await timeIt(runs, async () => {
      await call(h, 'hosts:list', { configPath: fx.configPath });
    });
    if (snapshot!.hosts.length < n) throw new Error(`listed ${snapshot!.hosts.length} rows for ${n} hosts`);

    // One toggle: preview + apply on the middle host, then undo (not timed) so every run starts alike.
    const row = snapshot!.hosts.find((r) => r.sampleHost === mid)!;
    const hashes = Object.fromEntries(snapshot!.files.map((f) => [f.path, f.hash]));
    const previews: number[] = [];
    const applies: number[] = [];
    for (let i = 0; i < runs; i++) {
      const intent: KeepaliveIntent = { configPath: fx.configPath, target: { kind: 'block', file: row.file, line: row.line }, action: 'on', interval: 40 + i };
      let t = performance.now();
      const p = await call<{ kind: string }>(h, 'keepalive:preview', intent);
      previews.push(performance.now() - t);
      if (p.kind !== 'edit') throw new Error(`preview on ${mid}: ${p.kind}`);
      t = performance.now();
      await call(h, 'keepalive:apply', { ...intent, baseHashes: hashes });
      applies.push(performance.now() - t);
      await call(h, 'keepalive:undo', { configPath: fx.configPath });
    }
    const toggle = previews.map((p, i) => p + applies[i]!);
    return { n, rows: snapshot!.hosts.length, ssh, listCold: median(listCold), listWarm: median(listWarm), preview: median(previews), apply: median(applies), toggle: median(toggle), runs };
  } finally {
    await fx.cleanup();
  }
}

async function main() {
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`# client config: all hosts and one toggle vs one ssh -G (${os.cpus().length} cpus, load ${load}, median of runs)`);
  console.log(['hosts', 'runs', 'ssh -G', 'list (cold)', 'ratio', 'list (warm)', 'preview', 'apply', 'toggle', 'ratio'].join('\t'));
  const results = [];
  for (const n of SIZES) {
    const r = await benchSize(n);
    results.push(r);
    console.log(
      [r.n, r.runs, ms(r.ssh), ms(r.listCold), `${(r.listCold / r.ssh).toFixed(2)}x`, ms(r.listWarm), ms(r.preview), ms(r.apply), ms(r.toggle), `${(r.toggle / r.ssh).toFixed(2)}x`].join('\t'),
    );
  }
  const ten = results.find((r) => r.n === 10_000);
  if (ten) {
    const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
    console.log(`target: all hosts of 10k under ${TARGET_LIST_10K_MS} ms: ${ms(ten.listCold)} (${mark(ten.listCold < TARGET_LIST_10K_MS)}); goal under one ssh -G (${ms(ten.ssh)}): ${mark(ten.listCold < ten.ssh)}`);
    console.log(`target: one toggle on 10k under ${TARGET_TOGGLE_10K_MS} ms: ${ms(ten.toggle)} (${mark(ten.toggle < TARGET_TOGGLE_10K_MS)})`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
