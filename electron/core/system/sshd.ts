import { promises as fs } from 'node:fs';
import { run } from '../kernel/process';

/**
 * Adapters for the real sshd: `sshd -t` (is this config valid?) and `sshd -T` (what will sshd use?).
 * Always by absolute path with an empty environment: the helper runs them as root.
 */
const CANDIDATES = ['/usr/sbin/sshd', '/usr/bin/sshd', '/usr/local/sbin/sshd'];

export async function findSshd(): Promise<string | null> {
  for (const p of CANDIDATES) {
    try {
      const st = await fs.stat(p);
      if (st.isFile() && (st.mode & 0o111) !== 0) return p;
    } catch {
      /* next */
    }
  }
  return null;
}

/**
 * sshd refuses to run, even for -t/-T, as root when its privilege separation directory is missing
 * (systemd creates /run/sshd when it starts the service; on a machine where ssh never started it
 * does not exist). Creating it the way the service unit would is harmless.
 */
export async function ensurePrivsepDir(): Promise<void> {
  if (process.getuid?.() !== 0) return;
  await fs.mkdir('/run/sshd', { recursive: true, mode: 0o755 }).catch(() => undefined);
}

export interface SshdOptions {
  /** A host key to use instead of the configured ones (lets a normal user run -T). */
  hostKey?: string;
  /** `-C` connection spec for -T, e.g. user=alice,host=example.org,addr=192.0.2.1 */
  connection?: string;
}

function baseArgs(configFile: string, opts: SshdOptions): string[] {
  const args = ['-f', configFile];
  if (opts.hostKey) args.push('-h', opts.hostKey);
  return args;
}

/** `sshd -t -f file`: null when valid, else sshd's message. */
export async function sshdCheck(sshd: string, configFile: string, opts: SshdOptions = {}): Promise<string | null> {
  await ensurePrivsepDir();
  const r = await run(sshd, ['-t', ...baseArgs(configFile, opts)]);
  if (r.code === 0) return null;
  return (r.stderr || r.stdout).trim() || `sshd -t exited with ${r.code}`;
}

/** `sshd -T -f file`: the effective values as a lowercase key -> value map. */
export async function sshdDump(sshd: string, configFile: string, opts: SshdOptions = {}): Promise<Map<string, string>> {
  await ensurePrivsepDir();
  const args = ['-T', ...baseArgs(configFile, opts)];
  if (opts.connection) args.push('-C', opts.connection);
  const r = await run(sshd, args);
  if (r.code !== 0) throw new Error((r.stderr || r.stdout).trim() || `sshd -T exited with ${r.code}`);
  const out = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp > 0 && !out.has(line.slice(0, sp))) out.set(line.slice(0, sp), line.slice(sp + 1));
  }
  return out;
}
