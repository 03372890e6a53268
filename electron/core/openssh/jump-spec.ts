/**
 * How ssh names a jump host: one word of a ProxyJump list, and a ProxyCommand of the
 * `ssh [options] -W %h:%p [user@]host` form (what ssh.c itself generates for ProxyJump). One parser
 * for every feature that follows a jump chain (hosts' verdicts, sessions' exports, diagnosis).
 */
export interface JumpSpec {
  host: string;
  user: string | null;
  port: number | null;
}

/** `[user@]host[:port]` or `ssh://[user@]host[:port]` (IPv6 in brackets); null when unreadable. */
export function parseJumpSpec(word: string): JumpSpec | null {
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

/** A ProxyJump value as ssh.c's parse_jump splits it: every hop, client side first; null when a word is unreadable. */
export function parseJumpList(value: string): JumpSpec[] | null {
  const specs = value.split(',').map(parseJumpSpec);
  return specs.some((s) => s === null) ? null : (specs as JumpSpec[]);
}

/** ssh's options that take an argument (ssh.c getopt string), and those we cannot carry over. */
const WITH_ARG = new Set('BbcDEeFIiJLlmOoPpQRSWw'.split(''));
const NO_ARG = new Set('46AaCfGgKkMNnqsTtVvXxYy'.split(''));
const CHANGES_MEANING = new Set('FJGVQOsMf'.split(''));
/** `-o` keywords that decide where or as whom the jump connects: not read, so not expressible. */
const WHERE_KEYWORDS = new Set(['hostname', 'port', 'user', 'proxyjump', 'proxycommand', 'include', 'match', 'host', 'canonicalizehostname']);

export type ParsedSshW = { ok: true; spec: JumpSpec; jumps?: string; options?: string[] } | { ok: false; reason: string };

/**
 * A ProxyCommand of the `ssh [options] -W %h:%p [user@]host` form (options may follow the host, as
 * ssh.c re-reads them). Anything a shell would interpret, another program, a fixed -W target, a
 * command for the jump host, -F and the like: not this form. With `chain` (following a chain hop by
 * hop), `-J list` (what ssh generates for a ProxyJump of several hops) is answered as `jumps`, the
 * hops before the host, and every `-o` argument as `options` (they win over the jump host's block).
 */
export function parseSshW(command: string, options: { chain?: boolean } = {}): ParsedSshW {
  const no = (reason: string): ParsedSshW => ({ ok: false, reason });
  if (/[^A-Za-z0-9_@%:./=,+[\]~\\\s-]/.test(command)) return no('it uses shell syntax (quotes, pipes, variables or the like)');
  const words = command.trim().split(/\s+/);
  if (words[0] === 'exec') words.shift();
  const program = words.shift() ?? '';
  if (!/^(?:.*[\\/])?ssh(?:\.exe)?$/i.test(program)) return no(`it runs ${program || 'nothing'}, not ssh -W`);
  let forward: string | null = null;
  let user: string | null = null;
  let port: number | null = null;
  let dest: string | null = null;
  let jumps: string | null = null;
  const oArgs: string[] = [];
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
      if (CHANGES_MEANING.has(f) && !(f === 'J' && options.chain)) return no(`ssh -${f} is not a single plain jump`);
      if (NO_ARG.has(f)) continue;
      if (!WITH_ARG.has(f)) return no(`ssh -${f} is not an ssh option`);
      const arg = j + 1 < w.length ? w.slice(j + 1) : words[++i];
      if (arg === undefined) return no(`ssh -${f} has no argument`);
      if (f === 'W') forward = arg;
      else if (f === 'J') jumps = arg;
      else if (f === 'l') user = arg;
      else if (f === 'p') {
        if (!/^\d{1,5}$/.test(arg) || Number(arg) < 1 || Number(arg) > 65535) return no(`-p ${arg} is not a port`);
        port = Number(arg);
      } else if (f === 'o') {
        const key = arg.split(/[=\s]/)[0]!.toLowerCase();
        if (WHERE_KEYWORDS.has(key)) return no(`-o ${arg} changes where the jump connects`);
        oArgs.push(arg);
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
  const out: ParsedSshW = { ok: true, spec: { host: spec.host, user: spec.user ?? user, port: spec.port ?? port } };
  if (options.chain) {
    if (jumps !== null && jumps !== 'none') out.jumps = jumps;
    if (oArgs.length) out.options = oArgs;
  }
  return out;
}
