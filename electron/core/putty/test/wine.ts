import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Wine's `reg` is a real registry implementation: the .reg files are read back by it, not by us. */
export const hasWine = spawnSync('wine', ['--version'], { stdio: 'ignore' }).status === 0;
export const NO_WINE =
  'wine is not installed: skipping the real-registry checks (apt-get install -y --no-install-recommends wine wine64; .ci/run installs it)';

export async function makeWinePrefix(): Promise<string> {
  const prefix = await fs.mkdtemp(path.join(os.tmpdir(), 'wineprefix-'));
  // The first call creates the prefix (~6 s): done once per test file.
  wine(prefix, ['reg', 'query', 'HKCU\\Software']);
  // Keep one wineserver alive for the whole file: an idle `wine cmd` waiting on stdin is a client,
  // so the server stays up (a cold start costs ~1.5 s per call). killWineServer ends both.
  const keeper = spawn('wine', ['cmd'], { env: { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all' }, stdio: ['pipe', 'ignore', 'ignore'] });
  keepers.set(prefix, keeper);
  return prefix;
}

export function wine(prefix: string, args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('wine', args, { env: { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all' }, encoding: 'utf8', timeout: 120_000 });
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
