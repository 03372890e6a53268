import type { ConnectionValues, KeepaliveValues, Route, RouteHop } from '../../../common/contract/hosts';
import { parseJumpList, parseSshW, type JumpSpec } from './jump-spec';
import type { ClientConfigModel } from './ssh-config';
import { resolveHost, type CommandLine, type ResolveEnv } from './resolve';
import { atoiErr, convtime, parseFlag } from './values';

/** What the route needs of a resolved name: `ssh -G [-l USER] [-p PORT] NAME`. */
export interface HopSettings {
  values: KeepaliveValues;
  connection: ConnectionValues;
  decided: boolean;
}
export type ResolveHop = (name: string, cmdline: CommandLine) => HopSettings;

/** Resolves jump hosts once per name and command line (five hosts behind one bastion resolve it once). */
export function hopResolver(model: ClientConfigModel, env: ResolveEnv): ResolveHop {
  const cache = new Map<string, HopSettings>();
  return (name, cmdline) => {
    const key = `${name}\0${cmdline.user ?? ''}\0${cmdline.port ?? ''}`;
    let r = cache.get(key);
    if (!r) {
      r = resolveHost(model, name, env, cmdline);
      cache.set(key, r);
    }
    return r;
  };
}

/** More hops than this (or a loop) is not followed. */
const MAX_HOPS = 8;

type Via = RouteHop['via'];

/**
 * How ssh reaches a host, hop by hop, as ssh.c builds it: `ProxyJump a,b,c` runs
 * `ssh [-l U] [-p P] -J a,b -W [%h]:%p c`, so c's own ProxyJump is replaced by a,b; b's by a; and
 * the first hop's own ProxyJump/ProxyCommand is followed (its ssh gets no -J). Each hop is resolved
 * for its own name with only -l/-p from the jump word. A ProxyCommand of the `ssh -W %h:%p HOST`
 * form (with -J and -o) is the same chain; any other is `unknown`, with why.
 */
export function routeOf(connection: Pick<ConnectionValues, 'proxyJump' | 'proxyCommand'>, resolve: ResolveHop): Route {
  return follow(connection, resolve, new Set());
}

function follow(c: Pick<ConnectionValues, 'proxyJump' | 'proxyCommand'>, resolve: ResolveHop, seen: Set<string>): Route {
  if (c.proxyJump && c.proxyJump !== 'none') {
    const via = `ProxyJump ${c.proxyJump}`;
    const list = parseJumpList(c.proxyJump);
    if (!list) return { kind: 'unknown', via, reason: `"${c.proxyJump}" is not a [user@]host[:port] list ssh reads` };
    return chain(list, [], 'ProxyJump', via, resolve, seen);
  }
  if (c.proxyCommand && c.proxyCommand !== 'none') {
    const via = `ProxyCommand ${c.proxyCommand}`;
    const p = parseSshW(c.proxyCommand, { chain: true });
    if (!p.ok) return { kind: 'unknown', via, reason: p.reason };
    const before = p.jumps === undefined ? [] : parseJumpList(p.jumps);
    if (!before) return { kind: 'unknown', via, reason: `-J ${p.jumps} is not a [user@]host[:port] list ssh reads` };
    return chain([...before, p.spec], p.options ?? [], 'ProxyCommand', via, resolve, seen);
  }
  return { kind: 'direct' };
}

/** The hops of one jump list (its last hop gets `-o` options of a ProxyCommand), after the first hop's own route. */
function chain(list: JumpSpec[], lastOptions: string[], kind: Via, via: string, resolve: ResolveHop, seen: Set<string>): Route {
  const resolved = list.map((spec) => ({ spec, r: resolve(spec.host, cmdlineOf(spec)) }));
  const first = resolved[0]!;
  const key = hopKey(first.spec);
  if (seen.has(key) || seen.size + list.length > MAX_HOPS) return { kind: 'unknown', via, reason: `more than ${MAX_HOPS} jump hosts, or a loop through ${first.spec.host}` };
  const before = follow(first.r.connection, resolve, new Set([...seen, key]));
  if (before.kind === 'unknown') return { kind: 'unknown', via, reason: `the jump host ${first.spec.host} is reached through ${before.via} (${before.reason})` };
  const hops: RouteHop[] = before.kind === 'jumps' ? [...before.hops] : [];
  for (const [i, { spec, r }] of resolved.entries()) {
    const values = i === resolved.length - 1 ? withOptions(r.values, lastOptions) : r.values;
    if (!values) return { kind: 'unknown', via, reason: `${lastOptions.join(' ')}: a value ssh would refuse` };
    hops.push({
      alias: spec.host,
      hostName: r.connection.hostName,
      port: r.connection.port,
      user: r.connection.user,
      via: kind,
      serverAliveInterval: values.serverAliveInterval.value,
      serverAliveCountMax: values.serverAliveCountMax.value,
      tcpKeepAlive: values.tcpKeepAlive.value,
      decided: r.decided,
    });
  }
  return { kind: 'jumps', hops };
}

const cmdlineOf = (s: JumpSpec): CommandLine => ({ ...(s.user !== null ? { user: s.user } : {}), ...(s.port !== null ? { port: s.port } : {}) });
const hopKey = (s: JumpSpec) => `${s.user ?? ''}@${s.host}:${s.port ?? ''}`;

/** `-o ServerAliveInterval=30` and the like on the jump's command line win over its block (first value obtained). */
function withOptions(values: KeepaliveValues, options: string[]): KeepaliveValues | null {
  const out = { ...values };
  const set = new Set<string>();
  for (const o of options) {
    const m = /^([A-Za-z]+)(?:=|\s+)(.*)$/.exec(o);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const arg = m[2]!;
    if (set.has(key)) continue;
    const source = { kind: 'default' } as const;
    if (key === 'serveraliveinterval') {
      const v = convtime(arg);
      if (v < 0) return null;
      out.serverAliveInterval = { value: v, source };
    } else if (key === 'serveralivecountmax') {
      const v = atoiErr(arg);
      if (!('value' in v)) return null;
      out.serverAliveCountMax = { value: v.value, source };
    } else if (key === 'tcpkeepalive') {
      const v = parseFlag(arg);
      if (v === null) return null;
      out.tcpKeepAlive = { value: v, source };
    } else continue;
    set.add(key);
  }
  return out;
}
