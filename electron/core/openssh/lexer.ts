/**
 * Line-level lexer for OpenSSH's config grammar (ssh_config and sshd_config share it), written
 * after readconf.c/servconf.c of OpenSSH 9.x: lines end at '\n' only; trailing " \t\r\n\f" is
 * stripped; the keyword ends at whitespace or ONE '='; the rest is split like argv_split() with
 * comment termination: space/tab separate, '#' at the start of a token ends the line, "..." and
 * '...' quote, backslash escapes ' " \ and (unquoted) space.
 *
 * Every line keeps its exact bytes (`raw` + `eol`), so joining them gives back the file: the
 * editor changes lines, never re-serialises them.
 */

export type Eol = '' | '\n' | '\r\n';

export interface Span {
  start: number; // offset in `raw`
  end: number; // exclusive
}

export interface LexedLine {
  /** 0-based index in the file. */
  index: number;
  /** 1-based line number, as OpenSSH reports it. */
  lineNo: number;
  /** The line's text without its line ending (a CRLF file keeps '\r' out of raw, in eol). */
  raw: string;
  eol: Eol;
  kind: 'blank' | 'comment' | 'directive';
  /** Leading whitespace of the line. */
  indent: string;
  /** Keyword as written, and lowercased. Only for directives. */
  keyword: string;
  key: string;
  /** Arguments after unquoting/unescaping, up to a comment. */
  args: string[];
  /** A problem OpenSSH reports for this line whatever the keyword (quotes, missing argument). */
  error?: string;
}

/** Where a directive's keyword and each argument (quotes included) sit in `raw`: see spansOf(). */
export interface LineSpans {
  keywordSpan: Span;
  argSpans: Span[];
}

/** A line with its spans: what lexLineFull() computes on the way. */
type SpannedLine = LexedLine & LineSpans;

const TRAILING_WS = new Set([' ', '\t', '\r', '\n', '\f']);
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);

/** Splits text into lines the way OpenSSH's getline loop does, keeping every byte. */
export function splitLines(text: string): { raw: string; eol: Eol }[] {
  const out: { raw: string; eol: Eol }[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) {
      out.push({ raw: text.slice(start), eol: '' });
      break;
    }
    if (nl > start && text[nl - 1] === '\r') out.push({ raw: text.slice(start, nl - 1), eol: '\r\n' });
    else out.push({ raw: text.slice(start, nl), eol: '\n' });
    start = nl + 1;
  }
  return out;
}

export function lexLine(raw: string, index: number, eol: Eol = '\n'): LexedLine {
  const fast = lexLineFast(raw, index, eol, null);
  if (fast) return fast;
  const { keywordSpan: _k, argSpans: _a, ...line } = lexLineFull(raw, index, eol);
  return line;
}

/**
 * The spans of a line, computed again from its text when an edit needs them (a handful of lines
 * per edit): keeping two objects per argument on every line of a 50k-host file cost more memory
 * and time than the rest of the lexing. Cached per line object.
 */
export function spansOf(line: Pick<LexedLine, 'raw'>): LineSpans {
  let s = spanCache.get(line);
  if (!s) {
    const spans: LineSpans = { keywordSpan: { start: 0, end: 0 }, argSpans: [] };
    if (!lexLineFast(line.raw, 0, '', spans)) {
      const full = lexLineFull(line.raw, 0, '');
      spans.keywordSpan = full.keywordSpan;
      spans.argSpans = full.argSpans;
    }
    s = spans;
    spanCache.set(line, s);
  }
  return s;
}
const spanCache = new WeakMap<object, LineSpans>();

/** The arguments as written (from the first one's start to the last one's end): a Host line's patterns. */
export function argsText(line: Pick<LexedLine, 'raw'>): string {
  // Not cached: every Host line of the file asks once, while building the model.
  const spans: LineSpans = { keywordSpan: { start: 0, end: 0 }, argSpans: [] };
  const argSpans = lexLineFast(line.raw, 0, '', spans) ? spans.argSpans : lexLineFull(line.raw, 0, '').argSpans;
  const first = argSpans[0];
  const last = argSpans[argSpans.length - 1];
  return first && last ? line.raw.slice(first.start, last.end) : '';
}

/**
 * The common line (no quote, backslash, '=' or control character other than tab) in one pass over
 * char codes; null sends anything else to lexLineFull(), the reference. Same result (lexer-fast.test.ts
 * holds the two equal on random lines).
 */
function lexLineFast(raw: string, index: number, eol: Eol, spans: LineSpans | null): LexedLine | null {
  let len = raw.length;
  // Trailing " \t\r\n\f" stripped, never index 0 (as lexLineFull).
  while (len > 1) {
    const c = raw.charCodeAt(len - 1);
    if (c === 32 || c === 9 || c === 13 || c === 10 || c === 12) len--;
    else break;
  }
  let i = 0;
  while (i < raw.length && (raw.charCodeAt(i) === 32 || raw.charCodeAt(i) === 9)) i++;
  const indent = i === 0 ? '' : intern(raw.slice(0, i));
  if (i >= len) return { index, lineNo: index + 1, raw, eol, kind: 'blank', indent, keyword: '', key: '', args: [] };
  const kwStart = i;
  for (; i < len; i++) {
    const c = raw.charCodeAt(i);
    if (c === 32 || c === 9) break;
    if (c < 32 || c === 34 || c === 39 || c === 92 || c === 61) return null; // control, " ' \\ =
  }
  if (raw.charCodeAt(kwStart) === 35 /* # */) {
    return { index, lineNo: index + 1, raw, eol, kind: 'comment', indent, keyword: '', key: '', args: [] };
  }
  const kwEnd = i;
  const keyword = raw.slice(kwStart, kwEnd);
  const out: LexedLine = { index, lineNo: index + 1, raw, eol, kind: 'directive', indent, keyword, key: lower(keyword), args: [] };
  if (spans) spans.keywordSpan = { start: kwStart, end: kwEnd };
  while (i < len && (raw.charCodeAt(i) === 32 || raw.charCodeAt(i) === 9)) i++;
  if (raw.charCodeAt(i) === 61) return null; // `Key =value`: the one '=' after the keyword
  if (i >= len) {
    out.error = `no argument after keyword "${out.key}"`;
    return out;
  }
  while (i < len) {
    const c = raw.charCodeAt(i);
    if (c === 32 || c === 9) {
      i++;
      continue;
    }
    if (c === 35) break; // '#' starting a word ends the line
    const start = i;
    for (; i < len; i++) {
      const ch = raw.charCodeAt(i);
      if (ch === 32 || ch === 9) break;
      if (ch < 32 || ch === 34 || ch === 39 || ch === 92) return null;
    }
    out.args.push(raw.slice(start, i));
    if (spans) spans.argSpans.push({ start, end: i });
  }
  return out;
}

/** The reference lexer: every case, char by char, as readconf.c (exported for the differential test). */
export function lexLineFull(raw: string, index: number, eol: Eol): SpannedLine {
  let indentEnd = 0;
  while (indentEnd < raw.length && (raw[indentEnd] === ' ' || raw[indentEnd] === '\t')) indentEnd++;
  const out: SpannedLine = {
    index,
    lineNo: index + 1,
    raw,
    eol,
    kind: 'blank',
    indent: indentEnd === 0 ? '' : intern(raw.slice(0, indentEnd)),
    keyword: '',
    key: '',
    args: [],
    argSpans: [],
    keywordSpan: { start: 0, end: 0 },
  };
  // Strip trailing whitespace as OpenSSH does (it never strips index 0).
  let len = raw.length;
  while (len > 1 && TRAILING_WS.has(raw[len - 1]!)) len--;
  const line = len === raw.length ? raw : raw.slice(0, len);

  // Keyword: strdelim(); an empty first token (leading whitespace or '=') means "take the next one".
  let tok = strdelim(line, 0);
  if (tok && tok.token === '' && tok.next !== null) tok = strdelim(line, tok.next);
  // No token, or an unmatched quote in the keyword (strdelim returns NULL): OpenSSH skips the line.
  if (!tok || tok.token === '') return out;
  if (tok.token.startsWith('#')) {
    out.kind = 'comment';
    return out;
  }
  out.kind = 'directive';
  out.keyword = tok.token;
  out.key = lower(tok.token);
  out.keywordSpan = { start: tok.start, end: tok.end };
  const pos = tok.next === null ? line.length : skipWs(line, tok.next);
  if (pos >= line.length) {
    out.error = `no argument after keyword "${out.key}"`;
    return out;
  }

  // Arguments: argv_split(str, terminate_on_comment = 1).
  let i = pos;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#') break;
    const start = i;
    // Fast path: a plain word (no quote or backslash) is a slice of the line.
    let k = i;
    while (k < line.length) {
      const ch = line[k];
      if (ch === ' ' || ch === '\t' || ch === '"' || ch === "'" || ch === '\\') break;
      k++;
    }
    if (k === line.length || line[k] === ' ' || line[k] === '\t') {
      out.args.push(line.slice(start, k));
      out.argSpans.push({ start, end: k });
      i = k;
      continue;
    }
    let quote = '';
    let arg = '';
    for (; i < line.length; i++) {
      const ch = line[i]!;
      const next = line[i + 1];
      if (ch === '\\') {
        if (next === "'" || next === '"' || next === '\\' || (quote === '' && next === ' ')) {
          i++;
          arg += next;
        } else arg += ch;
      } else if (quote === '' && (ch === ' ' || ch === '\t')) break;
      else if (quote === '' && (ch === '"' || ch === "'")) quote = ch;
      else if (quote !== '' && ch === quote) quote = '';
      else arg += ch;
    }
    if (quote !== '') {
      out.error = 'invalid quotes';
      return out;
    }
    out.args.push(arg);
    out.argSpans.push({ start, end: i });
  }
  return out;
}

/**
 * Keywords and indents repeat thousands of times in a large file ("HostName", "  "): share one
 * string each instead of allocating a copy per line (bounded, so odd inputs cannot grow it).
 */
const interned = new Map<string, string>();
function intern(s: string): string {
  const known = interned.get(s);
  if (known !== undefined) return known;
  if (interned.size < 4096) interned.set(s, s);
  return s;
}
const lowered = new Map<string, string>();
function lower(s: string): string {
  let l = lowered.get(s);
  if (l === undefined) {
    l = s.toLowerCase();
    if (lowered.size < 4096) lowered.set(s, l);
  }
  return l;
}

/**
 * A directive's arguments as match_cfg_line() reads them (OpenSSH 9.2 readconf.c/servconf.c):
 * strdelim() over the rest of the line, which splits at whitespace AND at one '=' and knows only
 * "..." quotes (no '...' or backslashes), so `Match exec="cmd"` is `exec`, `cmd` and `host=a,b` is
 * `host`, `a,b`. argv_split() (`args`) sees `exec=cmd` as one word: never use it for Match.
 * `next()` returns '' at the end of the line and null once nothing is left (or at a quote that does
 * not close), as strdelim does; `consumed()` is false when text remains (ssh then reports "extra
 * arguments at end of line").
 */
export interface StrdelimCursor {
  next(): string | null;
  /** A '#' criterion ends the line (match_cfg_line sets cp = NULL). */
  consumeAll(): void;
  consumed(): boolean;
}

export function strdelimCursor(l: Pick<LexedLine, 'raw'>): StrdelimCursor {
  let len = l.raw.length;
  while (len > 1 && TRAILING_WS.has(l.raw[len - 1]!)) len--;
  const line = l.raw.slice(0, len);
  // The keyword, exactly as lexLine() takes it; then `str += strspn(str, WHITESPACE)`.
  let tok = strdelim(line, 0);
  if (tok && tok.token === '' && tok.next !== null) tok = strdelim(line, tok.next);
  let pos: number | null = tok && tok.next !== null ? skipWs(line, tok.next) : null;
  return {
    next() {
      if (pos === null) return null;
      const t = strdelim(line, pos);
      pos = t ? t.next : null;
      return t ? t.token : null;
    },
    consumeAll() {
      pos = null;
    },
    consumed: () => pos === null || pos >= line.length,
  };
}

const DELIMS = new Set([' ', '\t', '\r', '\n', '"', '=']);

/**
 * strdelim_internal(s, split_equals = 1) of misc.c: the token up to whitespace, '"' or '=';
 * a '"' at the delimiter quotes up to the next '"'; after the token, whitespace and at most one
 * '=' are skipped. `next` is null when the token ran to the end of the line; null overall when a
 * quote is not closed.
 */
function strdelim(line: string, pos: number): { token: string; start: number; end: number; next: number | null } | null {
  let i = pos;
  while (i < line.length && !DELIMS.has(line[i]!)) i++;
  if (i >= line.length) return { token: line.slice(pos), start: pos, end: line.length, next: null };
  if (line[i] === '"') {
    const close = line.indexOf('"', i + 1);
    if (close === -1) return null;
    return { token: line.slice(pos, i) + line.slice(i + 1, close), start: pos, end: close + 1, next: skipWs(line, close + 1) };
  }
  const sawEquals = line[i] === '=';
  let next = skipWs(line, i + 1);
  if (!sawEquals && line[next] === '=') next = skipWs(line, next + 1);
  return { token: line.slice(pos, i), start: pos, end: i, next };
}

function skipWs(s: string, i: number): number {
  while (i < s.length && WHITESPACE.has(s[i]!)) i++;
  return i;
}

export function lexText(text: string): LexedLine[] {
  // splitLines() inlined: a 50k-line file should not allocate 50k intermediate objects.
  const out: LexedLine[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) {
      out.push(lexLine(text.slice(start), out.length, ''));
      break;
    }
    const crlf = nl > start && text.charCodeAt(nl - 1) === 13;
    out.push(lexLine(text.slice(start, crlf ? nl - 1 : nl), out.length, crlf ? '\r\n' : '\n'));
    start = nl + 1;
  }
  return out;
}

/** Joins lines back; for untouched lines this is the original text, byte for byte. */
export function joinLines(lines: readonly { raw: string; eol: Eol }[]): string {
  let s = '';
  for (const l of lines) s += l.raw + l.eol;
  return s;
}

/** The file's dominant line ending, for lines the editor adds. */
export function dominantEol(lines: readonly { eol: Eol }[]): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (const l of lines) {
    if (l.eol === '\r\n') crlf++;
    else if (l.eol === '\n') lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}
