import type { ConnectionValues, KeepaliveValues, ValueSource } from '../../../common/contract/hosts';
import type { ClientConfigModel, Cond, Directive } from './ssh-config';
import { matchHostname, matchPattern, matchPatternList } from './patterns';
import { a2port, atoiErr, convtime, parseFlag } from './values';

/** Scope indexes that can apply to `host`, ascending (file order), each once. */
export function candidateScopes(model: ClientConfigModel, host: string): readonly number[] {
  const lit = model.literalIndex.get(host);
  const gen = model.generalScopes;
  let prefixed: number[] | undefined;
  let lists = 0;
  for (const len of model.prefixLengths) {
    if (len > host.length) break;
    const hit = model.prefixIndex.get(len === host.length ? host : host.slice(0, len));
    if (!hit) continue;
    if (prefixed === undefined) prefixed = hit;
    else prefixed = prefixed.concat(hit);
    lists++;
  }
  if (lists > 1) prefixed = [...new Set(prefixed)].sort((a, b) => a - b);
  let out = lit ? merge(lit, gen) : gen;
  if (prefixed) out = merge(out, prefixed);
  return out;
}

/** Two ascending lists merged, duplicates once. */
function merge(a: readonly number[], b: readonly number[]): readonly number[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) out.push(a[i++]!);
    else if (i < a.length && a[i] === b[j]) {
      out.push(a[i++]!);
      j++;
    } else out.push(b[j++]!);
  }
  return out;
}

/** The settings `ssh -G` would print for one host, with the line each came from. */
export interface ResolvedHost {
  host: string;
  values: KeepaliveValues;
  connection: ConnectionValues;
  /** False when a runtime-only condition (Match exec/canonical/final/localnetwork/tagged) could change a value. */
  decided: boolean;
  undecidedReason?: string;
  /** Keys (lowercase keywords) a runtime-only Match block could set before anything else does. */
  undecidedKeys: ReadonlySet<string>;
  /** Where each keepalive value was decided (undefined = default), for the editor. */
  deciders: Partial<Record<KeepaliveKey, Directive>>;
  /** Where each connection value was decided (undefined = default or the command line). */
  connectionDeciders: Partial<Record<ConnectionKey, Directive>>;
  /** The scopes (Host/Match blocks) that applied to this host, in the order ssh read them. */
  appliedScopes: number[];
}

export type ConnectionKey = 'hostname' | 'user' | 'port' | 'proxyjump' | 'proxycommand';

/** What ssh's command line fixes before the config is read (`-l USER`, `-p PORT`): a jump hop gets these. */
export interface CommandLine {
  user?: string | undefined;
  port?: number | undefined;
}

export type KeepaliveKey = 'serveraliveinterval' | 'serveralivecountmax' | 'tcpkeepalive';
type Tri = 'yes' | 'no' | 'maybe';

interface State {
  interval?: { value: number; d: Directive };
  countMax?: { value: number; d: Directive };
  tcp?: { value: boolean; d: Directive };
  hostname?: string;
  user?: string;
  port?: number;
  proxyJump?: string;
  proxyCommand?: string;
  identityFiles: string[];
  canonicalize?: { value: string; d: Directive };
  conn: Partial<Record<ConnectionKey, Directive>>;
}

export interface ResolveEnv {
  localUser: string;
  homeDir: string;
}

const RUNTIME_ATTRS = new Set(['exec', 'canonical', 'final', 'localnetwork', 'tagged']);

/**
 * Resolves one host the way ssh does: every candidate scope in file order, first obtained value
 * wins. Host lines match the name exactly as given (case-sensitive, OpenSSH 9.x); the resulting
 * HostName is lowercased unless it is an address, as ssh.c does after reading the config.
 */
export function resolveHost(model: ClientConfigModel, hostArg: string, env: ResolveEnv, cmdline: CommandLine = {}): ResolvedHost {
  const host = hostArg;
  // -l and -p are set before ssh reads its config: the config's User/Port lines then do nothing.
  const st: State = { identityFiles: [], conn: {} };
  if (cmdline.user !== undefined) st.user = cmdline.user;
  if (cmdline.port !== undefined) st.port = cmdline.port;
  const appliedScopes: number[] = [];
  let undecidedReason: string | undefined;
  let undecidedKeys: Set<string> | undefined; // made only for the few hosts a runtime Match leaves open

  // Candidate scopes in file order: this host's literal-indexed ones, those indexed by a prefix of
  // its name, and the general ones.
  const order = candidateScopes(model, host);
  // ssh evaluates a Match line once, where it reads it: a `Match host` that holds stays true for
  // the lines under it, and the files it Includes, even after a HostName read there changes the
  // name it matched against. A Match header (an Include carries it into several scopes) is
  // therefore judged once, at the first scope that needs it, before any directive read under it.
  let matchVerdicts: Map<Cond, Tri> | undefined;
  for (let k = 0; k < order.length; k++) {
    const idx = order[k]!;
    const scope = model.scopes[idx]!;
    let verdict: Tri = 'yes';
    let runtimeCond: Cond | undefined;
    const conds = scope.conds;
    for (let c = 0; c < conds.length; c++) {
      const cond = conds[c]!;
      let r: Tri;
      if (cond.kind === 'match') {
        matchVerdicts ??= new Map();
        const known = matchVerdicts.get(cond);
        r = known ?? evalCond(cond, host, hostArg, st, env);
        if (known === undefined) matchVerdicts.set(cond, r);
      } else r = evalCond(cond, host, hostArg, st, env);
      if (r === 'no') {
        verdict = 'no';
        break;
      }
      if (r === 'maybe') {
        verdict = 'maybe';
        runtimeCond = cond;
      }
    }
    if (verdict === 'no') continue;
    if (verdict === 'maybe') {
      // We never run `Match exec` and cannot know canonical/final/localnetwork/tagged: if this block
      // would set a value that is still open, the result depends on runtime conditions.
      for (const d of scope.directives) {
        if (!isOpen(st, d.key)) continue;
        (undecidedKeys ??= new Set()).add(d.key);
        undecidedReason ??= `depends on runtime conditions: Match at ${runtimeCond!.file}:${runtimeCond!.line}`;
      }
      continue;
    }
    appliedScopes.push(idx);
    for (const d of scope.directives) apply(st, d);
  }

  // CanonicalizeHostname makes ssh read the config a second time for the canonical name: that pass
  // can only fill values still unset (first obtained wins), and what it sees depends on DNS.
  const canon = st.canonicalize;
  if (canon && canon.value !== 'no' && canon.value !== 'false') {
    for (const key of ['serveraliveinterval', 'serveralivecountmax', 'tcpkeepalive'] as const) {
      if (!isOpen(st, key)) continue;
      (undecidedKeys ??= new Set()).add(key);
      undecidedReason ??= `depends on runtime conditions: CanonicalizeHostname at ${canon.d.file}:${canon.d.line.lineNo} makes ssh read the config again for the canonical host name`;
    }
  }
  const expanded = st.hostname !== undefined ? percentH(st.hostname, host) : host;
  const hostname = isAddress(expanded) ? expanded : expanded.toLowerCase();
  const deciders: Partial<Record<KeepaliveKey, Directive>> = {};
  if (st.interval) deciders.serveraliveinterval = st.interval.d;
  if (st.countMax) deciders.serveralivecountmax = st.countMax.d;
  if (st.tcp) deciders.tcpkeepalive = st.tcp.d;
  const result: ResolvedHost = {
    host,
    values: keepaliveValues(entry(st.interval, DEFAULT_INTERVAL), entry(st.countMax, DEFAULT_COUNT_MAX), entry(st.tcp, DEFAULT_TCP)),
    connection: {
      hostName: hostname,
      port: st.port ?? 22,
      user: st.user ?? env.localUser,
      identityFiles: st.identityFiles,
      proxyJump: st.proxyJump ?? null,
      proxyCommand: st.proxyCommand ?? null,
    },
    decided: undecidedReason === undefined,
    undecidedKeys: undecidedKeys ?? NONE_UNDECIDED,
    deciders,
    connectionDeciders: st.conn,
    appliedScopes,
  };
  if (undecidedReason) result.undecidedReason = undecidedReason;
  return result;
}

const NONE_UNDECIDED: ReadonlySet<string> = new Set();
type Entry<T> = { value: T; source: ValueSource };
/** A value and its source, made once per directive (its value is the directive's own) or default. */
function entry<T extends number | boolean>(got: { value: T; d: Directive } | undefined, dflt: Entry<T>): Entry<T> {
  if (!got) return dflt;
  return (got.d.entry ??= Object.freeze({ value: got.value, source: src(got.d) })) as Entry<T>;
}
const DEFAULT_SOURCE: ValueSource = Object.freeze({ kind: 'default' }) as ValueSource;
const DEFAULT_INTERVAL: Entry<number> = Object.freeze({ value: 0, source: DEFAULT_SOURCE });
const DEFAULT_COUNT_MAX: Entry<number> = Object.freeze({ value: 3, source: DEFAULT_SOURCE });
const DEFAULT_TCP: Entry<boolean> = Object.freeze({ value: true, source: DEFAULT_SOURCE });
/**
 * The three values of a host, one frozen object per distinct triple of entries: the 10k hosts of a
 * big config share a few (weakly held: entries die with their model).
 */
const valuesMemo = new WeakMap<Entry<number>, WeakMap<Entry<number>, WeakMap<Entry<boolean>, KeepaliveValues>>>();
function keepaliveValues(i: Entry<number>, c: Entry<number>, t: Entry<boolean>): KeepaliveValues {
  let byCount = valuesMemo.get(i);
  if (!byCount) valuesMemo.set(i, (byCount = new WeakMap()));
  let byTcp = byCount.get(c);
  if (!byTcp) byCount.set(c, (byTcp = new WeakMap()));
  let v = byTcp.get(t);
  if (!v) byTcp.set(t, (v = Object.freeze({ serverAliveInterval: i, serverAliveCountMax: c, tcpKeepAlive: t })));
  return v;
}
/** A directive's source, made once and shared by every host that reads the line (frozen: shared). */
function src(d: Directive | undefined): ValueSource {
  if (!d) return DEFAULT_SOURCE;
  return (d.source ??= Object.freeze({ kind: 'line', file: d.file, line: d.line.lineNo }) as ValueSource);
}

function evalCond(cond: Cond, host: string, originalHost: string, st: State, env: ResolveEnv): Tri {
  if (cond.kind === 'host') {
    let active = false;
    for (const p of cond.patterns) {
      if (matchPattern(host, p.pattern)) {
        if (p.negated) return 'no';
        active = true;
      }
    }
    return active ? 'yes' : 'no';
  }
  if (cond.criteria.length === 0) return 'no';
  // match_cfg_line(): criteria are ANDed; Match host sees HostName (with %h) obtained so far.
  const matchHost = st.hostname !== undefined ? percentH(st.hostname, host) : host;
  const user = st.user ?? env.localUser;
  let result: Tri = 'yes';
  for (const c of cond.criteria) {
    let r: boolean | 'maybe';
    switch (c.attr) {
      case 'all':
        return c.negate ? 'no' : result;
      case 'host':
        r = matchHostname(matchHost, c.arg) === 1;
        break;
      case 'originalhost':
        r = matchHostname(originalHost, c.arg) === 1;
        break;
      case 'user':
        r = matchPatternList(user, c.arg, false) === 1;
        break;
      case 'localuser':
        r = matchPatternList(env.localUser, c.arg, false) === 1;
        break;
      default:
        r = RUNTIME_ATTRS.has(c.attr) ? 'maybe' : false;
    }
    if (r === 'maybe') {
      if (result === 'yes') result = 'maybe';
      continue;
    }
    if (r === c.negate) return 'no';
  }
  return result;
}

function isAddress(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || (s.includes(':') && /^[0-9a-fA-F:.%]+$/.test(s));
}

function percentH(value: string, host: string): string {
  if (!value.includes('%')) return value;
  return value.replace(/%([%h])/g, (_, c: string) => (c === '%' ? '%' : host));
}

function isOpen(st: State, key: string): boolean {
  switch (key) {
    case 'serveraliveinterval':
      return !st.interval;
    case 'serveralivecountmax':
      return !st.countMax;
    case 'tcpkeepalive':
      return !st.tcp;
    case 'hostname':
      return st.hostname === undefined;
    case 'user':
      return st.user === undefined;
    default:
      return false;
  }
}

/** One directive of an applying scope: first obtained value wins (IdentityFile accumulates). */
function apply(st: State, d: Directive) {
  const arg = d.args[0];
  if (arg === undefined) return;
  switch (d.key) {
    case 'serveraliveinterval': {
      if (st.interval || arg === 'none') return; // "none" leaves the value unset (-1) in OpenSSH
      const v = (d.parsed ??= convtime(arg)) as number;
      if (v >= 0) st.interval = { value: v, d };
      return;
    }
    case 'serveralivecountmax': {
      if (st.countMax) return;
      const v = (d.parsed ??= ((r) => ('value' in r ? r.value : -1))(atoiErr(arg))) as number;
      if (v >= 0) st.countMax = { value: v, d };
      return;
    }
    case 'tcpkeepalive': {
      if (st.tcp) return;
      const v = parseFlag(arg);
      if (v !== null) st.tcp = { value: v, d };
      return;
    }
    case 'hostname':
      if (st.hostname === undefined) {
        st.hostname = arg;
        st.conn.hostname = d;
      }
      return;
    case 'user':
      if (st.user === undefined) {
        st.user = arg;
        st.conn.user = d;
      }
      return;
    case 'port':
      if (st.port === undefined) {
        const p = (d.parsed ??= a2port(arg)) as number;
        if (p > 0) {
          st.port = p;
          st.conn.port = d;
        }
      }
      return;
    case 'proxyjump':
      if (st.proxyJump === undefined && st.proxyCommand === undefined && !st.conn.proxyjump) {
        st.proxyJump = arg === 'none' ? undefined : arg;
        st.conn.proxyjump = d;
      }
      return;
    case 'proxycommand':
      if (st.proxyCommand === undefined && st.proxyJump === undefined && !st.conn.proxyjump) {
        st.proxyCommand = d.args.join(' ');
        st.conn.proxycommand = d;
      }
      return;
    case 'identityfile':
      st.identityFiles.push(arg);
      return;
    case 'canonicalizehostname':
      if (st.canonicalize === undefined) st.canonicalize = { value: arg.toLowerCase(), d };
      return;
  }
}
