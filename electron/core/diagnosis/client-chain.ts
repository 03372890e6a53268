import type { ClientFacts, Hop } from '../../../common/diagnosis';
import { runBounded } from './run-bounded';
import { configArgs } from './ssh-args';
import { parseJumpList, type JumpSpec } from '../openssh/jump-spec';

/**
 * The client side of a host as ssh itself resolves it (`ssh -G`): its keepalive, and the jump
 * hosts on the way. ProxyJump a,b becomes `ssh -J a -W target b` (ssh.c), so the chain is
 * a's own chain, then a, then b; each hop's ssh reads the config for the hop's own name and gets
 * only -l/-p/-J/-F/-v from the command line (ssh.1), which is what `ssh -G -l U -p P HOP` shows.
 */
export type SshG = Map<string, string>;

export interface SshGOptions {
  configPath: string | null;
  sshPath?: string;
  signal?: AbortSignal;
}

export async function sshG(destination: string, opts: SshGOptions, extra: string[] = []): Promise<SshG> {
  const r = await runBounded(opts.sshPath ?? 'ssh', [...configArgs(opts.configPath), ...extra, '-G', '--', destination], { timeoutMs: 15_000, maxBytes: 128 * 1024, signal: opts.signal });
  if (r.code !== 0) throw new Error(`ssh -G ${destination}: ${r.stderr.trim().split('\n').pop() ?? `exit ${r.code}`}`);
  const out: SshG = new Map();
  for (const line of r.stdout.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp <= 0) continue;
    const key = line.slice(0, sp);
    // Keywords that repeat (identityfile, ...) keep their first value; none of ours repeats.
    if (!out.has(key)) out.set(key, line.slice(sp + 1).trim());
  }
  return out;
}

const num = (v: string | undefined, fallback: number) => (v !== undefined && /^\d{1,9}$/.test(v) ? Number(v) : fallback);

export function clientFactsOf(g: SshG): ClientFacts {
  return {
    serverAliveInterval: num(g.get('serveraliveinterval'), 0),
    serverAliveCountMax: num(g.get('serveralivecountmax'), 3),
    tcpKeepAlive: g.get('tcpkeepalive') !== 'no',
  };
}

/** One ProxyJump word: the one parser of the shared core (openssh/jump-spec.ts). */
export { parseJumpSpec as parseJump } from '../openssh/jump-spec';

const MAX_HOPS = 8;

/**
 * The hops before `destination`, client first. A ProxyCommand is one opaque hop (what runs inside
 * it is the command's business); a loop or a chain longer than 8 stops the walk.
 */
export async function hopsBefore(destination: string, opts: SshGOptions, extra: string[] = [], seen = new Set<string>()): Promise<Hop[]> {
  if (seen.size >= MAX_HOPS || seen.has(destination)) return [];
  seen.add(destination);
  const g = await sshG(destination, opts, extra);
  const jump = g.get('proxyjump');
  if (jump && jump !== 'none') {
    const list = parseJumpList(jump);
    if (!list) return [];
    const hops: Hop[] = [];
    const first = list[0] as JumpSpec;
    hops.push(...(await hopsBefore(first.host, opts, jumpArgs(first), seen)));
    for (const spec of list.slice(0, MAX_HOPS)) {
      const hg = await sshG(spec.host, opts, jumpArgs(spec));
      const c = clientFactsOf(hg);
      hops.push({
        name: spec.host,
        hostName: hg.get('hostname') ?? null,
        port: num(hg.get('port'), 22),
        user: hg.get('user') ?? null,
        via: 'ProxyJump',
        command: null,
        serverAliveInterval: c.serverAliveInterval,
        serverAliveCountMax: c.serverAliveCountMax,
      });
    }
    return hops.slice(0, MAX_HOPS);
  }
  const command = g.get('proxycommand');
  if (command && command !== 'none') {
    return [{ name: destination, hostName: g.get('hostname') ?? null, port: num(g.get('port'), 22), user: g.get('user') ?? null, via: 'ProxyCommand', command: command.slice(0, 300), serverAliveInterval: null, serverAliveCountMax: null }];
  }
  return [];
}

const jumpArgs = (s: JumpSpec) => [...(s.user ? ['-l', s.user] : []), ...(s.port ? ['-p', String(s.port)] : [])];
