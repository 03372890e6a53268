import fs from 'node:fs';
import path from 'node:path';
import type { ConfigIssue, ValueSource } from '../../../common/contract/hosts';
import { decodeText, hashBytes } from '../files/read';
import { argsText, lexText, type LexedLine } from './lexer';
import { expandGlob } from './glob';
import { CLIENT_KEYWORDS, DARWIN_KEYWORDS } from './ssh-config-keywords';
import { hasWildcard, matchPatternList } from './patterns';
import { securePermissions } from './secure-permissions';
import { checkValue, parseMatch, type MatchCriterion } from './ssh-config-checks';

/**
 * The client config as OpenSSH reads it, flattened: Include expanded in place, every directive in a
 * Scope whose conditions (the Host/Match headers it sits under, outermost first: an Include inside a
 * block adds that block's header to everything it includes) must all hold for it to apply.
 */
export interface HostPattern {
  negated: boolean;
  pattern: string;
}
export type { MatchAttr, MatchCriterion } from './ssh-config-checks';
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
  /** Where a value read from this line comes from, made once by the resolver and shared by every host. */
  source?: ValueSource;
  /** The value this line gives and its source, made once by the resolver and shared by every host. */
  entry?: { value: number | boolean; source: ValueSource };
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
  /**
   * Scopes under a Host line whose every positive pattern starts with literal text (`rack3-*`,
   * `db?.example`): that text -> scopes (sorted). A host can only match a pattern it starts with the
   * literal prefix of, so resolving it looks up its own prefixes instead of testing every such block.
   */
  prefixIndex: Map<string, number[]>;
  /** The distinct prefix lengths of prefixIndex, ascending (a host is looked up once per length). */
  prefixLengths: number[];
  /** Scopes that may apply to any host (a pattern starting with a wildcard, Match, no header): sorted. */
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
  const model: ClientConfigModel = { roots, files: new Map(), fileKinds: new Map(), scopes: [], hostBlocks: [], issues: [], literalIndex: new Map(), prefixIndex: new Map(), prefixLengths: [], generalScopes: [], includeGlobs: [], unreadable: [] };
  const loader: Loader = {
    model,
    opts,
    ignoreUnknown: [],
    issue: (file, line, message, severity = 'error') => model.issues.push({ severity, file, line, message }),
  };
  for (const root of roots) readConfigFile(loader, { path: root.path, kind: root.kind, outer: [], depth: 0, checkPermissions: root.checkPermissions === true });
  buildIndex(model);
  return model;
}

/** One loadModel call: the model being built and what its files share. */
interface Loader {
  model: ClientConfigModel;
  opts: LoadOptions;
  /** IgnoreUnknown patterns seen so far (OpenSSH consults the value obtained before the unknown line). */
  ignoreUnknown: string[];
  issue(file: string, line: number, message: string, severity?: 'error' | 'warning'): void;
}

/** A file to read, and how it was reached. */
interface FileRef {
  path: string;
  kind: 'user' | 'system';
  /** The conditions of the Include line that brought the file in (outermost first). */
  outer: Cond[];
  depth: number;
  /** The Include line that named it (absent for a root). */
  from?: { file: string; line: number };
  /** A root ssh checks the permissions of (an included file always is). */
  checkPermissions?: boolean;
}

/** Where the reading of one file is: the scope its directives go to, and the Host block they belong to. */
interface Cursor {
  ref: FileRef;
  scope: Scope;
  header: Cond | null;
  block: HostBlock | null;
  /** Under a Host line that cannot match opts.onlyHost: lines are skipped up to the next Host/Match. */
  skipping: boolean;
}

function newScope(model: ClientConfigModel, conds: Cond[]): Scope {
  const scope: Scope = { index: model.scopes.length, conds, directives: [] };
  model.scopes.push(scope);
  return scope;
}

/** Reads one file into the model: its lines in order, Include files where they are named. */
function readConfigFile(ld: Loader, ref: FileRef): void {
  const parsed = openConfigFile(ld, ref);
  if (!parsed) return;
  const cur: Cursor = { ref, scope: newScope(ld.model, ref.outer), header: null, block: null, skipping: false };
  for (const line of parsed.lines) {
    if (line.kind !== 'directive') continue;
    if (cur.skipping && line.key !== 'host' && line.key !== 'match') continue;
    if (line.error) {
      ld.issue(ref.path, line.lineNo, line.error);
      continue;
    }
    switch (line.key) {
      case 'host':
        hostLine(ld, cur, line);
        break;
      case 'match':
        matchLine(ld, cur, line);
        break;
      case 'include':
        includeLine(ld, cur, line);
        break;
      default:
        settingLine(ld, cur, line);
    }
  }
}

/** The parsed file, registered in the model; null when there is nothing to read (missing, unreadable). */
function openConfigFile(ld: Loader, ref: FileRef): ParsedFile | null {
  const { model, opts } = ld;
  const file = ref.path;
  let parsed: ParsedFile;
  try {
    parsed = readParsedFile(file, opts);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'EACCES' ? 'permission denied' : e.code === 'EISDIR' ? 'not a regular file' : e.message;
    ld.issue(ref.from?.file ?? file, ref.from?.line ?? 0, `Can't open config file ${file}: ${why}`);
    model.unreadable.push(file);
    return null;
  }
  if (!model.files.has(file)) model.files.set(file, parsed);
  if (!model.fileKinds.has(file)) model.fileKinds.set(file, ref.kind);
  if (!parsed.exists) return null;
  if (opts.checkPermissions !== false && (ref.from || ref.checkPermissions) && opts.platform !== 'win32') checkPerms(parsed, ld.issue);
  if (parsed.text.startsWith('\uFEFF')) {
    ld.issue(file, 1, 'The file starts with a UTF-8 byte order mark (BOM), which OpenSSH rejects ("Bad configuration option: \\357\\273\\277..."). Save it as UTF-8 without BOM.');
  }
  return parsed;
}

/** `Host p1 p2...`: a new scope and Host block (none when it cannot match opts.onlyHost). */
function hostLine(ld: Loader, cur: Cursor, line: LexedLine): void {
  const file = cur.ref.path;
  const only = ld.opts.onlyHost;
  if (only !== undefined && !mayMatch(line.args, only)) {
    cur.skipping = true; // cannot match the one host being checked: no scope, no block
    return;
  }
  const patterns: HostPattern[] = [];
  for (const arg of line.args) {
    if (arg === '') {
      ld.issue(file, line.lineNo, 'keyword host empty argument');
      continue;
    }
    const negated = arg.startsWith('!');
    patterns.push({ negated, pattern: negated ? arg.slice(1) : arg });
    if (arg.includes(',')) ld.issue(file, line.lineNo, `Host pattern "${arg}" contains a comma: OpenSSH reads it as ONE pattern, not a list (separate patterns with spaces)`, 'warning');
  }
  cur.header = { kind: 'host', file, line: line.lineNo, patterns };
  cur.skipping = false;
  cur.scope = newScope(ld.model, [...cur.ref.outer, cur.header]);
  cur.block = { file, line: line.lineNo, patterns, patternText: argsText(line), scopeIndexes: [cur.scope.index] };
  ld.model.hostBlocks.push(cur.block);
}

/** Whether a Host line could match `host`: a positive pattern that is the name or has a wildcard (a loop: run for each of 50k Host lines). */
function mayMatch(args: readonly string[], host: string): boolean {
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (a.charCodeAt(0) === 33 /* ! */) continue;
    if (a === host || hasWildcard(a)) return true;
  }
  return false;
}

/** `Match ...`: a new scope under its criteria (a rejected line never applies; its issue explains it). */
function matchLine(ld: Loader, cur: Cursor, line: LexedLine): void {
  const criteria = parseMatch(line, (msg) => ld.issue(cur.ref.path, line.lineNo, msg));
  cur.header = { kind: 'match', file: cur.ref.path, line: line.lineNo, criteria: criteria ?? [] };
  cur.skipping = false;
  cur.scope = newScope(ld.model, [...cur.ref.outer, cur.header]);
  cur.block = null;
}

/** `Include glob...`: each match read here, under the current header; the lines after it continue the block. */
function includeLine(ld: Loader, cur: Cursor, line: LexedLine): void {
  const { ref } = cur;
  const conds = cur.header ? [...ref.outer, cur.header] : ref.outer;
  for (const arg of line.args) {
    const target = includeTarget(ld, ref, line.lineNo, arg);
    if (target === null) continue;
    const matches = expandGlob(target);
    ld.model.includeGlobs.push({ pattern: target, matches });
    for (const match of matches) readConfigFile(ld, { path: match, kind: ref.kind, outer: conds, depth: ref.depth + 1, from: { file: ref.path, line: line.lineNo } });
  }
  cur.scope = newScope(ld.model, conds);
  if (cur.block) cur.block.scopeIndexes.push(cur.scope.index);
}

/** The path an Include argument names (relative to ~/.ssh or /etc/ssh), or null when ssh refuses it. */
function includeTarget(ld: Loader, ref: FileRef, at: number, arg: string): string | null {
  if (arg.startsWith('~') && ref.kind === 'system') {
    ld.issue(ref.path, at, `bad include path ${arg}.`);
    return null;
  }
  if (ref.depth + 1 > MAX_DEPTH) {
    ld.issue(ref.path, at, 'Too many recursive configuration includes (an Include cycle?)');
    return null;
  }
  let target = arg;
  if (!path.isAbsolute(target) && !target.startsWith('~')) target = ref.kind === 'user' ? `~/.ssh/${target}` : `/etc/ssh/${target}`;
  if (target.startsWith('~')) target = path.join(ld.opts.homeDir, target.slice(1));
  return target;
}

/** Any other keyword: checked as ssh checks it, then added to the current scope. */
function settingLine(ld: Loader, cur: Cursor, line: LexedLine): void {
  const file = cur.ref.path;
  const { key, lineNo: at } = line;
  // The BOM case is reported once, by openConfigFile, in words a user can act on.
  if (at === 1 && key.startsWith('\uFEFF')) return;
  if (!CLIENT_KEYWORDS.has(key) && !(ld.opts.platform === 'darwin' && DARWIN_KEYWORDS.has(key))) {
    if (!ld.ignoreUnknown.some((list) => matchPatternList(key, list, true) === 1)) ld.issue(file, at, `Bad configuration option: ${line.keyword}`);
    return;
  }
  checkValue(line, (msg) => ld.issue(file, at, msg));
  if (key === 'ignoreunknown' && line.args[0]) ld.ignoreUnknown.push(line.args[0]);
  cur.scope.directives.push({ key, args: line.args, file, line });
}

function checkPerms(f: ParsedFile, issue: (file: string, line: number, msg: string) => void) {
  const uid = process.getuid?.();
  if (f.mode === null || f.uid === null || uid === undefined) return;
  if (!securePermissions({ mode: f.mode, uid: f.uid, gid: f.gid ?? -1 }, uid)) {
    issue(f.path, 0, `Bad owner or permissions on ${f.path} (ssh refuses group- or world-writable config files: chmod 600)`);
  }
}

/**
 * Index scopes by the literal host names they can only apply to, so resolving one host visits its
 * own blocks plus the few general ones instead of every block of a 50k-host file. A Host line that
 * mixes in wildcards is indexed by each positive pattern's literal prefix (text before the first
 * `*` or `?`): matchPattern() can only succeed on a name that starts with it. Only a Host line with
 * a positive pattern that starts with a wildcard (`*`, `*.corp`) leaves the scope general.
 */
function buildIndex(model: ClientConfigModel) {
  const lengths = new Set<number>();
  const add = (index: Map<string, number[]>, key: string, scope: number) => {
    const list = index.get(key);
    if (!list) index.set(key, [scope]);
    else if (list[list.length - 1] !== scope) list.push(scope);
  };
  for (const scope of model.scopes) {
    if (scope.directives.length === 0) continue;
    let literal: HostPattern[] | undefined;
    let prefixed: HostPattern[] | undefined;
    for (const c of scope.conds) {
      if (c.kind !== 'host') continue;
      let positive = false;
      let onlyLiterals = true;
      let allPrefixed = true;
      for (const p of c.patterns) {
        if (p.negated) continue;
        positive = true;
        const w = wildcardAt(p.pattern);
        if (w === -1) continue;
        onlyLiterals = false;
        if (w === 0) allPrefixed = false;
      }
      if (!positive) continue;
      if (onlyLiterals) {
        literal = c.patterns;
        break;
      }
      if (allPrefixed) prefixed ??= c.patterns;
    }
    if (literal) {
      for (const p of literal) if (!p.negated) add(model.literalIndex, p.pattern, scope.index);
      continue;
    }
    if (prefixed) {
      for (const p of prefixed) {
        if (p.negated) continue;
        const w = wildcardAt(p.pattern);
        const prefix = w === -1 ? p.pattern : p.pattern.slice(0, w);
        add(model.prefixIndex, prefix, scope.index);
        lengths.add(prefix.length);
      }
      continue;
    }
    model.generalScopes.push(scope.index);
  }
  model.prefixLengths = [...lengths].sort((a, b) => a - b);
}

function wildcardAt(pattern: string): number {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 42 /* * */ || c === 63 /* ? */) return i;
  }
  return -1;
}
