import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Wine's `reg` is a real registry implementation: the .reg files are read back by it, not by us. */
export const hasWine = spawnSync('wine', ['--version'], { stdio: 'ignore' }).status === 0;
export const NO_WINE =
  'wine is not installed: skipping the real-registry checks (apt-get install -y --no-install-recommends wine wine64; .ci/run installs it)';

/** No Mono/Gecko install prompts (they wait for a display that is not there). */
export function wineEnv(prefix: string): NodeJS.ProcessEnv {
  return { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' };
}

export async function makeWinePrefix(): Promise<string> {
  const prefix = await fs.mkdtemp(path.join(os.tmpdir(), 'wineprefix-'));
  // The first call creates the prefix (~6 s): done once per test file. Its setup (wineboot) goes on
  // in the background; wait for it to end, or the next call can stall behind it for minutes.
  const t0 = performance.now();
  wine(prefix, ['wineboot', '--init']);
  const t1 = performance.now();
  // Bounded: if some Wine process lingers, go on after 30 s rather than block the suite.
  spawnSync('wineserver', ['-w'], { env: wineEnv(prefix), stdio: 'ignore', timeout: 30_000 });
  // Readiness: a fresh prefix can still be writing its registry when wineserver -w returns (seen
  // under load: the first `reg import` then exits 1). Wait until a known-good write sticks.
  for (let i = 0; i < 20; i++) {
    const ok = wine(prefix, ['reg', 'add', 'HKCU\\Software\\SshKeepaliveReady', '/v', 'x', '/d', '1', '/f']).status === 0;
    if (ok && regQuery(prefix, 'HKCU\\Software\\SshKeepaliveReady')?.x === 'REG_SZ 1') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  wine(prefix, ['reg', 'delete', 'HKCU\\Software\\SshKeepaliveReady', '/f']);
  console.log(`wine prefix: created in ${((t1 - t0) / 1000).toFixed(1)} s, setup finished after ${((performance.now() - t1) / 1000).toFixed(1)} s more`);
  // Keep one wineserver alive for the whole file: an idle `wine cmd` waiting on stdin is a client,
  // so the server stays up (a cold start costs ~1.5 s per call). killWineServer ends both.
  const keeper = spawn('wine', ['cmd'], { env: wineEnv(prefix), stdio: ['pipe', 'ignore', 'ignore'] });
  keepers.set(prefix, keeper);
  return prefix;
}

export function wine(prefix: string, args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('wine', args, { env: wineEnv(prefix), encoding: 'utf8', timeout: 120_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `reg query KEY` output -> { name: 'REG_SZ value' }. */
export function regQuery(prefix: string, key: string): Record<string, string> | null {
  const r = wine(prefix, ['reg', 'query', key]);
  if (r.status !== 0) return null;
  const out: Record<string, string> = {};
  for (const line of r.stdout.split(/\r?\n/)) {
    const m = /^ {4}(.+?) {4}(REG_\w+) {4}(.*)$/.exec(line);
    if (m) out[m[1]!] = `${m[2]} ${m[3]}`;
  }
  return out;
}

const keepers = new Map<string, ChildProcess>();

export function killWineServer(prefix: string): void {
  const keeper = keepers.get(prefix);
  keeper?.stdin?.end();
  keeper?.kill();
  keepers.delete(prefix);
  try {
    execFileSync('wineserver', ['-k'], { env: { ...process.env, WINEPREFIX: prefix }, stdio: 'ignore' });
  } catch {
    /* already gone */
  }
}
