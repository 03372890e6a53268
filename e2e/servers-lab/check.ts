import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { run } from '../natlab/exec';
import type { LabServer } from './servers';

/** Everything under a server's /etc/ssh and backup directory: path -> mode:uid:gid:links:sha256. */
export async function snapshot(server: LabServer): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (root: string, label: string) => {
    for (const name of (await readdir(root)).sort()) {
      const p = path.join(root, name);
      const st = await lstat(p);
      const meta = `${(st.mode & 0o7777).toString(8)}:${st.uid}:${st.gid}`;
      const key = `${label}/${path.relative(label === 'etc' ? server.etcDir : server.stateDir, p)}`;
      if (st.isDirectory()) {
        out.set(`${key}/`, meta);
        await walk(p, label);
      } else if (st.isFile()) out.set(key, `${meta}:${st.nlink}:${createHash('sha256').update(await readFile(p)).digest('hex')}`);
      else out.set(key, `other:${meta}`);
    }
  };
  await walk(server.etcDir, 'etc');
  await walk(server.stateDir, 'state');
  return out;
}

/** Only the config files (what "the original bytes" means): /etc/ssh without the backups. */
export async function configSnapshot(server: LabServer): Promise<Map<string, string>> {
  return new Map([...(await snapshot(server))].filter(([k]) => k.startsWith('etc/')));
}

export function sameSnapshot(a: Map<string, string>, b: Map<string, string>): string | null {
  const keys = new Set([...a.keys(), ...b.keys()]);
  const diffs = [...keys].filter((k) => a.get(k) !== b.get(k)).map((k) => `${k}: ${a.get(k) ?? 'absent'} -> ${b.get(k) ?? 'absent'}`);
  return diffs.length ? diffs.join('; ') : null;
}

/** `sshd -T` as root with the server's own /etc/ssh: what that sshd really uses. */
export async function sshdT(server: LabServer, connection?: string): Promise<Map<string, string>> {
  const argv = server.wrap(['/usr/sbin/sshd', '-T', '-f', '/etc/ssh/sshd_config', ...(connection ? ['-C', connection] : [])]);
  const out = (await run(argv[0]!, argv.slice(1), { timeoutMs: 30_000 })).stdout;
  const map = new Map<string, string>();
  for (const line of out.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp > 0 && !map.has(line.slice(0, sp))) map.set(line.slice(0, sp), line.slice(sp + 1));
  }
  return map;
}

/** One result line of the lab. */
export interface Result {
  name: string;
  ok: boolean;
  detail: string;
}

export class Checks {
  readonly results: Result[] = [];
  constructor(private readonly prefix: string) {}
  pass(name: string, detail: string): void {
    this.results.push({ name: `${this.prefix} ${name}`, ok: true, detail });
  }
  fail(name: string, detail: string): void {
    this.results.push({ name: `${this.prefix} ${name}`, ok: false, detail });
  }
  expect(name: string, ok: boolean, detail: string): boolean {
    (ok ? this.pass : this.fail).call(this, name, detail);
    return ok;
  }
  /** Runs a step; an exception is that step's failure, not the lab's. */
  async step(name: string, fn: () => Promise<string>): Promise<boolean> {
    try {
      this.pass(name, await fn());
      return true;
    } catch (err) {
      this.fail(name, (err as Error).message);
      return false;
    }
  }
}

export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}
