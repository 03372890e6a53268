import fs from 'node:fs';
import path from 'node:path';
import type { ConfigIssue } from '../../../common/contract/hosts';
import { decodeText, hashBytes } from '../files/read';
import { lexText, strdelimCursor, type LexedLine } from './lexer';
import { expandGlob } from './glob';
import { CLIENT_KEYWORDS, DARWIN_KEYWORDS } from './ssh-config-keywords';
import { hasWildcard, matchPatternList } from './patterns';
import { securePermissions } from './secure-permissions';
import { atoiErr, convtime, parseFlag } from './values';

/**
 * The client config as OpenSSH reads it, flattened: Include expanded in place, every directive in a
 * Scope whose conditions (the Host/Match headers it sits under, outermost first: an Include inside a
 * block adds that block's header to everything it includes) must all hold for it to apply.
 */
export interface HostPattern {
  negated: boolean;
  pattern: string;
}
export type MatchAttr = 'all' | 'canonical' | 'final' | 'exec' | 'host' | 'originalhost' | 'user' | 'localuser' | 'localnetwork' | 'tagged';
export interface MatchCriterion {
  negate: boolean;
  attr: MatchAttr;
  arg: string;
}
export type Cond =
  | { kind: 'host'; file: string; line: number; patterns: HostPattern[] }
  | { kind: 'match'; file: string; line: number; criteria: MatchCriterion[] };

export interface Directive {
  key: string;
  args: string[];
  file: string;
  line: LexedLine;
  /** The value parsed once by the resolver (seconds, count, port), reused for every host. */
  parsed?: number | boolean;
}

export interface Scope {
  index: number;
  conds: Cond[];
  directives: Directive[];
}

export interface ParsedFile {
  path: string;
  exists: boolean;
  text: string;
  encoding: 'utf8' | 'latin1';
  hash: string;
  lines: LexedLine[];
  mode: number | null;
  uid: number | null;
  gid?: number | null;
}

/** A Host block as the user sees it: one Host line and the lines under it in that file. */
export interface HostBlock {
  file: string;
  /** 1-based line of the Host line. */
  line: number;
  patterns: HostPattern[];
  /** The patterns as written on the line. */
  patternText: string;
  /** Index of the block's first scope (a block split by Include has several). */
  scopeIndexes: number[];
}

export interface ClientConfigModel {
  /** checkPermissions: ssh refuses this file when group/world-writable (its default ~/.ssh/config; not a -F file). */
  roots: { path: string; kind: 'user' | 'system'; checkPermissions?: boolean }[];
  files: Map<string, ParsedFile>;
  /** Whether each file belongs to the user's config tree or the system one (only the former is ours to edit). */
  fileKinds: Map<string, 'user' | 'system'>;
  scopes: Scope[];
  hostBlocks: HostBlock[];
  issues: ConfigIssue[];
  /** Literal host name -> scopes that can only apply to it (sorted). */
  literalIndex: Map<string, number[]>;
  /** Scopes that may apply to any host (wildcards, Match, no header): sorted. */
  generalScopes: number[];
  /** Every Include glob and what it matched: a cached model is stale when one matches differently. */
  includeGlobs: { pattern: string; matches: string[] }[];
  /** Files that could not be read: a model with any is never reused (the user may fix them). */
  unreadable: string[];
}

export interface LoadOptions {
  homeDir: string;
  platform: NodeJS.Platform;
  /** Text to use instead of the file on disk (planned edits are checked by re-resolving them). */
  overlay?: ReadonlyMap<string, { text: string; lines?: LexedLine[] }>;
  /** Reuse lexed files whose text is unchanged. */
  cache?: ReadonlyMap<string, ParsedFile>;
  /** Skip the permission checks OpenSSH does (tests of an edited candidate that is not on disk). */
  checkPermissions?: boolean;
  /**
   * Only this host will be resolved: blocks whose literal patterns cannot match it are
   * skipped without building their lines. Makes checking a planned edit cheap on huge files.
   */
  onlyHost?: string;
}

const MAX_DEPTH = 16; // READCONF_MAX_DEPTH

export function readParsedFile(file: string, opts: LoadOptions): ParsedFile {
  const overlaid = opts.overlay?.get(file);
  const cached = opts.cache?.get(file);
  if (overlaid !== undefined) {
    if (!overlaid.lines && cached && cached.text === overlaid.text) return cached;
    const encoding = cached?.encoding ?? 'utf8';
    return {
      path: file,
      exists: true,
      text: overlaid.text,
      encoding,
      // Not hashed: an overlay is a candidate being checked, never the base of a write.
      hash: '',
      lines: overlaid.lines ?? lexText(overlaid.text),
      mode: cached?.mode ?? 0o600,
      uid: cached?.uid ?? null,
    };
  }
  let stat: fs.Stats;
  let bytes: Buffer;
  try {
    stat = fs.statSync(file);
    if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
    bytes = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return { path: file, exists: false, text: '', encoding: 'utf8', hash: '', lines: [], mode: null, uid: null };
    }
    throw err;
  }
  const hash = hashBytes(bytes);
  if (cached && cached.hash === hash) return cached;
  const { text, encoding } = decodeText(bytes);
  return { path: file, exists: true, text, encoding, hash, lines: lexText(text), mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid };
}

export function loadModel(roots: ClientConfigModel['roots'], opts: LoadOptions): ClientConfigModel {
  const model: ClientConfigModel = { roots, files: new Map(), fileKinds: new Map(), scopes: [], hostBlocks: [], issues: [], literalIndex: new Map(), generalScopes: [], includeGlobs: [], unreadable: [] };
  const issue = (file: string, line: number, message: string, severity: 'error' | 'warning' = 'error') =>
    model.issues.push({ severity, file, line, message });
  // IgnoreUnknown patterns seen so far (OpenSSH consults the value obtained before the unknown line).
  const ignoreUnknown: string[] = [];

  const newScope = (conds: Cond[]): Scope => {
    const scope: Scope = { index: model.scopes.length, conds, directives: [] };
    model.scopes.push(scope);
    return scope;
  };

  const readFile = (file: string, kind: 'user' | 'system', outer: Cond[], depth: number, from?: { file: string; line: number }, checkRoot = false) => {
    let parsed: ParsedFile;
    try {
      parsed = readParsedFile(file, opts);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const why = e.code === 'EACCES' ? 'permission denied' : e.code === 'EISDIR' ? 'not a regular file' : e.message;
      issue(from?.file ?? file, from?.line ?? 0, `Can't open config file ${file}: ${why}`);
      model.unreadable.push(file);
      return;
    }
    if (!model.files.has(file)) model.files.set(file, parsed);
    if (!model.fileKinds.has(file)) model.fileKinds.set(file, kind);
    if (!parsed.exists) return;
    if (opts.checkPermissions !== false && (from || checkRoot) && opts.platform !== 'win32') checkPerms(parsed, issue);
    if (parsed.text.startsWith('\uFEFF')) {
      issue(file, 1, 'The file starts with a UTF-8 byte order mark (BOM), which OpenSSH rejects ("Bad configuration option: \\357\\273\\277..."). Save it as UTF-8 without BOM.');
    }

    let scope = newScope(outer);
    let header: Cond | null = null;
    let block: HostBlock | null = null;
    let skipping = false;
    const only = opts.onlyHost;
    for (const line of parsed.lines) {
      if (line.kind !== 'directive') continue;
      if (skipping && line.key !== 'host' && line.key !== 'match') continue;
      const at = line.lineNo;
      if (line.error) {
        issue(file, at, line.error === 'invalid quotes' ? 'invalid quotes' : line.error);
        continue;
      }
      const key = line.key;
      if (key === 'host') {
        if (only !== undefined && line.args.every((a) => a.startsWith('!') || (a !== only && !hasWildcard(a)))) {
          skipping = true; // cannot match the one host being checked: no scope, no block
          continue;
        }
        const patterns: HostPattern[] = [];
        for (const arg of line.args) {
          if (arg === '') {
            issue(file, at, 'keyword host empty argument');
            continue;
          }
          const negated = arg.startsWith('!');
          patterns.push({ negated, pattern: negated ? arg.slice(1) : arg });
          if (arg.includes(',')) issue(file, at, `Host pattern "${arg}" contains a comma: OpenSSH reads it as ONE pattern, not a list (separate patterns with spaces)`, 'warning');
        }
        header = { kind: 'host', file, line: at, patterns };
        skipping = false;
        scope = newScope([...outer, header]);
        const first = line.argSpans[0];
        const last = line.argSpans.at(-1);
        block = {
          file,
          line: at,
          patterns,
          patternText: first && last ? line.raw.slice(first.start, last.end) : '',
          scopeIndexes: [scope.index],
        };
        model.hostBlocks.push(block);
        continue;
      }
      if (key === 'match') {
        const criteria = parseMatch(line, (msg) => issue(file, at, msg));
        // A rejected Match line (criteria: []) never applies; the issue above explains it.
        header = { kind: 'match', file, line: at, criteria: criteria ?? [] };
        skipping = false;
        scope = newScope([...outer, header]);
        block = null;
        continue;
      }
      if (key === 'include') {
        const conds = header ? [...outer, header] : outer;
        for (const arg of line.args) {
          if (arg.startsWith('~') && kind === 'system') {
            issue(file, at, `bad include path ${arg}.`);
            continue;
          }
          let target = arg;
          if (!path.isAbsolute(target) && !target.startsWith('~')) target = kind === 'user' ? `~/.ssh/${target}` : `/etc/ssh/${target}`;
          if (target.startsWith('~')) target = path.join(opts.homeDir, target.slice(1));
          if (depth + 1 > MAX_DEPTH) {
            issue(file, at, 'Too many recursive configuration includes (an Include cycle?)');
            continue;
          }
          const matches = expandGlob(target);
          model.includeGlobs.push({ pattern: target, matches });
          for (const match of matches) readFile(match, kind, conds, depth + 1, { file, line: at });
        }
        // Lines after the Include continue the same block.
        scope = newScope(conds);
        if (block) block.scopeIndexes.push(scope.index);
        continue;
      }
      // The BOM case is reported once, above, in words a user can act on.
      if (at === 1 && key.startsWith('\uFEFF')) continue;
      if (!CLIENT_KEYWORDS.has(key) && !(opts.platform === 'darwin' && DARWIN_KEYWORDS.has(key))) {
        if (!ignoreUnknown.some((list) => matchPatternList(key, list, true) === 1)) {
          issue(file, at, `Bad configuration option: ${line.keyword}`);
        }
        continue;
      }
      checkValue(line, (msg) => issue(file, at, msg));
      if (key === 'ignoreunknown' && line.args[0]) ignoreUnknown.push(line.args[0]);
      scope.directives.push({ key, args: line.args, file, line });
    }
  };

  for (const root of roots) readFile(root.path, root.kind, [], 0, undefined, root.checkPermissions === true);
  buildIndex(model);
  return model;
}

function checkPerms(f: ParsedFile, issue: (file: string, line: number, msg: string) => void) {
  const uid = process.getuid?.();
  if (f.mode === null || f.uid === null || uid === undefined) return;
  if (!securePermissions({ mode: f.mode, uid: f.uid, gid: f.gid ?? -1 }, uid)) {
    issue(f.path, 0, `Bad owner or permissions on ${f.path} (ssh refuses group- or world-writable config files: chmod 600)`);
  }
}

const SINGLE_VALUE = new Set(['serveraliveinterval', 'serveralivecountmax', 'tcpkeepalive', 'hostname', 'user', 'port']);

function checkValue(line: LexedLine, issue: (msg: string) => void) {
  const arg = line.args[0];
  switch (line.key) {
    case 'serveraliveinterval':
      if (arg === undefined || arg === '') issue('missing time value.');
      else if (arg !== 'none' && convtime(arg) === -1) issue(`invalid time value "${arg}" for ServerAliveInterval (seconds, e.g. 60)`);
      break;
    case 'serveralivecountmax': {
      const r = atoiErr(arg);
      if ('error' in r) issue(`integer value ${r.error} for ServerAliveCountMax.`);
      break;
    }
    case 'tcpkeepalive':
      if (parseFlag(arg) === null) issue(`unsupported option "${arg ?? ''}" for TCPKeepAlive (yes or no).`);
      break;
  }
  if (SINGLE_VALUE.has(line.key) && line.args.length > 1) issue(`keyword ${line.key} extra arguments at end of line`);
}

// 'localnetwork' and 'tagged' are newer than 9.2 (which rejects them); accepted, and undecided.
const MATCH_ATTRS = new Set<MatchAttr>(['all', 'canonical', 'final', 'exec', 'host', 'originalhost', 'user', 'localuser', 'localnetwork', 'tagged']);

/**
 * match_cfg_line()'s syntax checks, in its order, on its own tokens (strdelimCursor: `host=b` is
 * `host b`, `!exec="cmd"` is `!exec cmd`); null when OpenSSH would reject the line.
 */
function parseMatch(line: LexedLine, issue: (msg: string) => void): MatchCriterion[] | null {
  const cur = strdelimCursor(line);
  const out: MatchCriterion[] = [];
  let attributes = 0;
  let attr: string | null;
  const done = () => {
    if (cur.consumed()) return out;
    issue('keyword match extra arguments at end of line');
    return null;
  };
  while ((attr = cur.next()) !== null && attr !== '') {
    if (attr.startsWith('#')) {
      cur.consumeAll();
      break;
    }
    const negate = attr.startsWith('!');
    const name = negate ? attr.slice(1) : attr;
    const a = name.toLowerCase() as MatchAttr;
    // "all" takes no argument and ends the line; only `Match <one criterion> all` may precede it.
    if (a === 'all') {
      const next = cur.next();
      if (attributes > 1 || (next !== null && next !== '' && !next.startsWith('#'))) {
        issue(`'${attr}' cannot be combined with other Match attributes`);
        return null;
      }
      if (next?.startsWith('#')) cur.consumeAll();
      out.push({ negate, attr: 'all', arg: '' });
      return done();
    }
    attributes++;
    if (a === 'canonical' || a === 'final') {
      out.push({ negate, attr: a, arg: '' });
      continue;
    }
    // ssh asks for the argument before it looks at the name: `Match nosuch` is a missing criteria.
    const arg = cur.next();
    if (arg === null || arg === '' || arg.startsWith('#')) {
      issue(`Missing Match criteria for ${name}`);
      return null;
    }
    if (!MATCH_ATTRS.has(a)) {
      issue(`Unsupported Match attribute ${name}`);
      return null;
    }
    out.push({ negate, attr: a, arg });
  }
  if (attributes === 0) {
    issue('One or more attributes required for Match');
    return null;
  }
  return done();
}

/**
 * Index scopes by the literal host names they can only apply to, so resolving one host visits its
 * own blocks plus the few general ones instead of every block of a 50k-host file.
 */
function buildIndex(model: ClientConfigModel) {
  for (const scope of model.scopes) {
    if (scope.directives.length === 0) continue;
    let literal: HostPattern[] | undefined;
    for (const c of scope.conds) {
      if (c.kind !== 'host') continue;
      let positive = false;
      let onlyLiterals = true;
      for (const p of c.patterns) {
        if (p.negated) continue;
        positive = true;
        if (hasWildcard(p.pattern)) {
          onlyLiterals = false;
          break;
        }
      }
      if (positive && onlyLiterals) {
        literal = c.patterns;
        break;
      }
    }
    if (!literal) {
      model.generalScopes.push(scope.index);
      continue;
    }
    for (const p of literal) {
      if (p.negated) continue;
      const list = model.literalIndex.get(p.pattern);
      if (!list) model.literalIndex.set(p.pattern, [scope.index]);
      else if (list[list.length - 1] !== scope.index) list.push(scope.index);
    }
  }
}

/** What a model or snapshot was computed from: each file's hash and each Include glob's matches. */
export interface FilesState {
  hashes: ReadonlyMap<string, string>;
  globs: readonly { pattern: string; matches: string[] }[];
}

export function filesStateOf(model: ClientConfigModel): FilesState {
  return { hashes: new Map([...model.files.values()].map((f) => [f.path, f.hash])), globs: model.includeGlobs };
}

export function sameFiles(a: FilesState, b: FilesState): boolean {
  if (a.hashes.size !== b.hashes.size) return false;
  for (const [p, h] of a.hashes) if (b.hashes.get(p) !== h) return false;
  return true;
}

/** True when every file still has its hash ('' = missing) and every Include glob matches the same files. */
export function filesStillAre(state: FilesState): boolean {
  for (const [file, expected] of state.hashes) {
    // Hash only: lexing a file just to learn it changed would double the cost of every reload.
    let hash = '';
    try {
      const st = fs.statSync(file);
      if (!st.isFile()) return false;
      hash = hashBytes(fs.readFileSync(file));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return false;
    }
    if (hash !== expected) return false;
  }
  return state.globs.every((g) => {
    const now = expandGlob(g.pattern);
    return now.length === g.matches.length && now.every((m, i) => m === g.matches[i]);
  });
}

/** True when every file of `model` still has the bytes it was built from (and globs match the same files). */
export function modelIsCurrent(model: ClientConfigModel, _opts: LoadOptions): boolean {
  if (model.unreadable.length > 0) return false;
  return filesStillAre(filesStateOf(model));
}
