/**
 * Client-config speed (prints numbers, not a test): on generated 1k / 10k / 50k-host configs,
 * - "list": effective values of ALL hosts (`hosts:list` through dispatch: the answer encoded into
 *   its wire form and decoded as the page's bridge decodes it; a fresh handler set per run, so
 *   nothing is cached from an earlier read),
 * - "toggle": one keepalive switch on a host in the middle of the file: preview + apply (apply writes
 *   the file, the backup, and returns the recomputed snapshot of all hosts),
 * beside ONE `ssh -G` call on the same file, and a plain read + write + fsync of the same bytes (what
 * any safe save costs), both measured in the same run, with the ratios; and the resident size of this
 * process while it holds the largest size's snapshot, beside that file's size.
 * Goals (issue 16): all hosts cold under one ssh -G at 10k and 50k, cold 50k / cold 10k <= 5.5;
 * toggle on 10k under 20 ms and under 3x the plain read+write+fsync; RSS with 50k under 10x the file.
 * Run: npx tsx bench/hosts.ts [--sizes 1000,10000,50000] [--runs N]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
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

/** The floor of any safe save: read the file, write the same bytes to a new file, fsync, rename. */
function plainSaveOnce(file: string): number {
  const t = performance.now();
  const bytes = fs.readFileSync(file);
  const tmp = `${file}.bench-tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, `${file}.bench-copy`);
  return performance.now() - t;
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
    const plain = median(await timeIt(runs, () => void plainSaveOnce(fx.configPath)));
    const fileBytes = fs.statSync(fx.configPath).size;

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
    // Resident size while the handlers (and their cached model) and the snapshot are alive.
    (globalThis as { gc?: () => void }).gc?.();
    const rss = process.memoryUsage().rss;
    return { n, rows: snapshot!.hosts.length, ssh, plain, fileBytes, rss, listCold: median(listCold), listWarm: median(listWarm), preview: median(previews), apply: median(applies), toggle: median(toggle), runs };
  } finally {
    await fx.cleanup();
  }
}

async function main() {
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
  const rss0 = process.memoryUsage().rss;
  console.log(`# client config: all hosts and one toggle vs one ssh -G and a plain read+write+fsync (${os.cpus().length} cpus, load ${load}, median of runs)`);
  console.log('| hosts | one ssh -G | all hosts, cold | ratio | warm | one toggle | plain r+w+fsync | ratio | RSS / file |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
  const results = [];
  for (const n of SIZES) {
    const r = await benchSize(n);
    results.push(r);
    console.log(
      `| ${r.n.toLocaleString('en')} | ${ms(r.ssh)} | ${ms(r.listCold)} | ${(r.listCold / r.ssh).toFixed(2)}x | ${ms(r.listWarm)} | ${ms(r.toggle)} (preview ${ms(r.preview)} + apply ${ms(r.apply)}) | ${ms(r.plain)} | ${(r.toggle / r.plain).toFixed(1)}x | ${mb(r.rss)} / ${mb(r.fileBytes)} = ${(r.rss / r.fileBytes).toFixed(1)}x |`,
    );
  }
  console.log(`(RSS is the whole process after that size's run, its handlers and snapshot alive; ${mb(rss0)} before any config was read; runs per size: ${results.map((r) => r.runs).join('/')})`);
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const ten = results.find((r) => r.n === 10_000);
  const fifty = results.find((r) => r.n === 50_000);
  if (ten) {
    console.log(`goal: all hosts of 10k cold under one ssh -G: ${ms(ten.listCold)} vs ${ms(ten.ssh)}: ${mark(ten.listCold < ten.ssh)}`);
    console.log(`goal: one toggle on 10k under ${TARGET_TOGGLE_10K_MS} ms: ${ms(ten.toggle)}: ${mark(ten.toggle < TARGET_TOGGLE_10K_MS)}; under 3x plain r+w+fsync (${ms(ten.plain)}): ${(ten.toggle / ten.plain).toFixed(1)}x: ${mark(ten.toggle < 3 * ten.plain)}`);
  }
  if (fifty) {
    console.log(`goal: all hosts of 50k cold under one ssh -G: ${ms(fifty.listCold)} vs ${ms(fifty.ssh)}: ${mark(fifty.listCold < fifty.ssh)}`);
    if (ten) console.log(`goal: cold 50k / cold 10k <= 5.5: ${(fifty.listCold / ten.listCold).toFixed(2)}: ${mark(fifty.listCold / ten.listCold <= 5.5)}`);
    console.log(`goal: RSS with a 50k snapshot under 10x the file: ${(fifty.rss / fifty.fileBytes).toFixed(1)}x: ${mark(fifty.rss < 10 * fifty.fileBytes)}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
