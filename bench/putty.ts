/**
 * PuTTY/WinSCP export speed (prints numbers, not a test): on generated 1k / 10k-host configs,
 * `putty:export` of ALL hosts as .reg (PuTTY) and WinSCP.ini, and `putty:mapping` of one host (what
 * opening a host's panel costs), beside `hosts:list` on the same handlers (the reference: the export
 * reads the same snapshot), measured in the same run, with the ratio.
 * Run: npx tsx bench/putty.ts [--sizes 1000,10000] [--runs N]
 */
import os from 'node:os';
import { defaultContext } from '../electron/core/kernel/context';
import { dispatch } from '../electron/core/kernel/dispatch';
import { createHandlers } from '../electron/core/handlers';
import { generateConfig, makeHome } from '../e2e/fixtures/configs/index';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const SIZES = (arg('--sizes') ?? '1000,10000').split(',').map(Number);
const RUNS = Number(arg('--runs') ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const r = (await fn()) as { ok: boolean; error?: { message: string } };
    if (!r.ok) throw new Error(r.error?.message);
    out.push(performance.now() - t);
  }
  return median(out);
}

for (const n of SIZES) {
  const fx = await makeHome(`bench-putty${n}`, { config: generateConfig(n) });
  try {
    const h = createHandlers(defaultContext({ homeDir: fx.home, stateDir: fx.stateDir, systemConfigPath: null, localUser: os.userInfo().username }));
    const configPath = fx.configPath;
    const first = await dispatch(h, 'hosts:list', { configPath });
    if (!first.ok) throw new Error(first.error.message);
    const hostId = (first.value as { hosts: Array<{ id: string }> }).hosts[Math.floor(n / 2)]!.id;
    const list = await timed(() => dispatch(h, 'hosts:list', { configPath }));
    const base = { configPath, hosts: [], all: true, defaults: false, sessionNames: {} };
    const reg = await timed(() => dispatch(h, 'putty:export', { ...base, tool: 'putty', format: 'reg' }));
    const ini = await timed(() => dispatch(h, 'putty:export', { ...base, tool: 'winscp', format: 'ini' }));
    const one = await timed(() => dispatch(h, 'putty:mapping', { configPath, hostId }));
    const row = (name: string, t: number) => `  ${name.padEnd(34)} ${t.toFixed(1).padStart(8)} ms  (${(t / list).toFixed(2)} x hosts:list)`;
    console.log(`${n} hosts (median of ${RUNS}); reference hosts:list ${list.toFixed(1)} ms`);
    console.log(row('putty:export reg, all hosts', reg));
    console.log(row('putty:export winscp ini, all hosts', ini));
    console.log(row('putty:mapping, one host', one));
  } finally {
    await fx.cleanup();
  }
}
