import type { ConnectionValues, HostRow } from '../../../common/contract/hosts';

/**
 * The one jump host a PuTTY session or WinSCP site can hold, as OpenSSH would reach it: a single
 * ProxyJump hop, or a ProxyCommand of the `ssh -W %h:%p HOST` form (what ProxyJump itself runs).
 * The jump host's HostName, Port and User are its *effective* ones (`ssh -G -l USER -p PORT HOST`:
 * the hop's own user@ and :port win over its block, ssh.c), never the alias. Anything PuTTY's and
 * WinSCP's one-hop proxy cannot say (several hops, a hop that itself jumps, any other command) is
 * reported with the reason, never exported as a value that would connect somewhere else.
 */

/** The effective settings of one host name, as `ssh -G NAME` computes them (the lead's resolver). */
export type ResolveName = (name: string) => Pick<HostRow, 'values' | 'connection' | 'decided' | 'undecidedReason'>;

export interface JumpHop {
  /** What the config says: `ProxyJump bastion` or `ProxyCommand ssh -W %h:%p bastion`. */
  via: string;
  /** The name the jump is made to (an alias in the config, or a host name). */
  alias: string;
  hostName: string;
  port: number;
  user: string;
  /** Why the jump host's own values may differ at connect time (a runtime Match), if they may. */
  undecided: string | null;
}

export type Jump = { kind: 'none' } | { kind: 'hop'; hop: JumpHop } | { kind: 'unsupported'; via: string; reason: string };

interface Spec {
  host: string;
  user: string | null;
  port: number | null;
}

/** `[user@]host[:port]` or `ssh://[user@]host[:port]` (IPv6 in brackets); null when unreadable. */
export function parseJumpSpec(word: string): Spec | null {
  let s = word.startsWith('ssh://') ? word.slice(6).replace(/\/$/, '') : word;
  let user: string | null = null;
  const at = s.lastIndexOf('@');
  if (at >= 0) {
    user = s.slice(0, at);
    s = s.slice(at + 1);
    if (!user) return null;
  }
  let port: number | null = null;
  const bracket = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(s);
  if (bracket) {
    s = bracket[1]!;
    port = bracket[2] ? Number(bracket[2]) : null;
  } else {
    const m = /^([^:[\]]+)(?::(\d{1,5}))?$/.exec(s);
    if (!m) return null;
    s = m[1]!;
    port = m[2] ? Number(m[2]) : null;
  }
  // A name ssh would look up; no spaces, quotes or % tokens (those expand at connect time).
  if (!/^[A-Za-z0-9_.:+-]+$/.test(s) || (user !== null && !/^[^\s@%'"]{1,255}$/.test(user))) return null;
  if (port !== null && (port < 1 || port > 65535)) return null;
  return { host: s, user, port };
}

/** ssh's options that take an argument (ssh.c getopt string), and those we cannot carry over. */
const WITH_ARG = new Set('BbcDEeFIiJLlmOoPpQRSWw'.split(''));
const NO_ARG = new Set('46AaCfGgKkMNnqsTtVvXxYy'.split(''));
const CHANGES_MEANING = new Set('FJGVQOsMf'.split(''));
/** `-o` keywords that decide where or as whom the jump connects: not read, so not expressible. */
const WHERE_KEYWORDS = new Set(['hostname', 'port', 'user', 'proxyjump', 'proxycommand', 'include', 'match', 'host', 'canonicalizehostname']);

type Parsed = { ok: true; spec: Spec } | { ok: false; reason: string };

/**
 * A ProxyCommand of the `ssh [options] -W %h:%p [user@]host` form (options may follow the host, as
 * ssh.c re-reads them). Anything a shell would interpret, another program, a fixed -W target, a
 * command for the jump host, -J/-F and the like: not this form.
 */
export function parseSshW(command: string): Parsed {
  const no = (reason: string): Parsed => ({ ok: false, reason });
  if (/[^A-Za-z0-9_@%:./=,+[\]~\\\s-]/.test(command)) return no('it uses shell syntax (quotes, pipes, variables or the like)');
  const words = command.trim().split(/\s+/);
  if (words[0] === 'exec') words.shift();
  const program = words.shift() ?? '';
  if (!/^(?:.*[\\/])?ssh(?:\.exe)?$/i.test(program)) return no(`it runs ${program || 'nothing'}, not ssh -W`);
  let forward: string | null = null;
  let user: string | null = null;
  let port: number | null = null;
  let dest: string | null = null;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!w.startsWith('-') || w === '-') {
      if (dest !== null) return no(`it runs a command on ${dest} (${words.slice(i).join(' ')})`);
      dest = w;
      continue;
    }
    // A cluster like -qW %h:%p: flags, then at most one option with its argument.
    for (let j = 1; j < w.length; j++) {
      const f = w[j]!;
      if (CHANGES_MEANING.has(f)) return no(`ssh -${f} is not a single plain jump`);
      if (NO_ARG.has(f)) continue;
      if (!WITH_ARG.has(f)) return no(`ssh -${f} is not an ssh option`);
      const arg = j + 1 < w.length ? w.slice(j + 1) : words[++i];
      if (arg === undefined) return no(`ssh -${f} has no argument`);
      if (f === 'W') forward = arg;
      else if (f === 'l') user = arg;
      else if (f === 'p') {
        if (!/^\d{1,5}$/.test(arg) || Number(arg) < 1 || Number(arg) > 65535) return no(`-p ${arg} is not a port`);
        port = Number(arg);
      } else if (f === 'o') {
        const key = arg.split(/[=\s]/)[0]!.toLowerCase();
        if (WHERE_KEYWORDS.has(key)) return no(`-o ${arg} changes where the jump connects`);
      }
      break;
    }
  }
  if (forward === null) return no('it has no -W');
  if (forward !== '%h:%p' && forward !== '[%h]:%p') return no(`-W ${forward} forwards to a fixed place, not to this host`);
  if (dest === null) return no('it names no jump host');
  const spec = parseJumpSpec(dest);
  if (!spec) return no(`${dest} is not a host name`);
  if (spec.user !== null && user !== null && spec.user !== user) return no(`it gives two users (${spec.user}@ and -l ${user})`);
  return { ok: true, spec: { host: spec.host, user: spec.user ?? user, port: spec.port ?? port } };
}

/** The jump host of a connection, resolved; `resolve` answers as `ssh -G` for the jump host's name. */
export function jumpOf(c: Pick<ConnectionValues, 'proxyJump' | 'proxyCommand'>, resolve: ResolveName | undefined): Jump {
  let via: string;
  let spec: Spec;
  if (c.proxyJump && c.proxyJump !== 'none') {
    via = `ProxyJump ${c.proxyJump}`;
    const hops = c.proxyJump.split(',');
    if (hops.length > 1) return { kind: 'unsupported', via, reason: `${hops.length} jump hosts in a row; a session holds one` };
    const s = parseJumpSpec(c.proxyJump);
    if (!s) return { kind: 'unsupported', via, reason: `"${c.proxyJump}" is not a [user@]host[:port] ssh reads` };
    spec = s;
  } else if (c.proxyCommand && c.proxyCommand !== 'none') {
    via = `ProxyCommand ${c.proxyCommand}`;
    const p = parseSshW(c.proxyCommand);
    if (!p.ok) return { kind: 'unsupported', via, reason: p.reason };
    spec = p.spec;
  } else {
    return { kind: 'none' };
  }
  if (!resolve) return { kind: 'unsupported', via, reason: `the settings of ${spec.host} were not read` };
  const r = resolve(spec.host);
  const inner = r.connection.proxyJump ?? r.connection.proxyCommand;
  if (inner && inner !== 'none') {
    return { kind: 'unsupported', via, reason: `${spec.host} is itself reached through ${r.connection.proxyJump ? 'ProxyJump' : 'ProxyCommand'} ${inner}: two hops; a session holds one` };
  }
  return {
    kind: 'hop',
    hop: {
      via,
      alias: spec.host,
      hostName: r.connection.hostName,
      port: spec.port ?? r.connection.port,
      user: spec.user ?? r.connection.user,
      undecided: r.decided ? null : (r.undecidedReason ?? 'a runtime Match condition'),
    },
  };
}
