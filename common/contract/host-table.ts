import { z } from 'zod';
import { Route, Verdict, type HostRow, type ValueSource } from './host-row';

/**
 * The rows of a ConfigSnapshot on the wire: one column per field instead of one object per row,
 * verdicts and routes once each in a table the rows point into. A 10k-row answer is then checked
 * column by column (a loop over numbers or strings) instead of by 10k nested object schemas, and
 * is a fraction of the bytes over IPC or HTTP. One codec: the core encodes (dispatch), the page
 * decodes (bridge-checks), both through the same schema; every HostRow field has its column, so
 * the decoded rows are exactly the rows encoded (held to that by host-table.test.ts).
 */
const isInt = (x: unknown): x is number => Number.isInteger(x);
const isNat = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;
const isStr = (x: unknown): x is string => typeof x === 'string';
const isBool = (x: unknown): x is boolean => typeof x === 'boolean';
const isStrOrNull = (x: unknown): x is string | null => x === null || typeof x === 'string';
const isStrList = (x: unknown): x is string[] => Array.isArray(x) && x.every(isStr);

const column = <T>(what: string, ok: (x: unknown) => x is T) =>
  z.custom<T[]>((a) => Array.isArray(a) && a.every(ok), { message: `every entry of the ${what} column must be ${ok === isInt || ok === isNat ? 'an integer' : 'of its type'}` });

/** A value's source: file -1 = OpenSSH's default (line 0), else an index into `files` and a 1-based line. */
const sourceColumns = {
  file: column('source file', isInt),
  line: column('source line', isNat),
};
const KEEPALIVE = ['serverAliveInterval', 'serverAliveCountMax', 'tcpKeepAlive'] as const; // for the checks only

export const HostTable = z
  .object({
    /** Every file a row or source names, once. */
    files: z.array(z.string()),
    /** null = the usual `${file}:${line}`. */
    id: column('id', isStrOrNull),
    pattern: column('pattern', isStr),
    file: column('file', isNat),
    line: column('line', isNat),
    sampleHost: column('sampleHost', isStr),
    serverAliveInterval: z.object({ value: column('ServerAliveInterval', isNat), ...sourceColumns }),
    serverAliveCountMax: z.object({ value: column('ServerAliveCountMax', isInt), ...sourceColumns }),
    tcpKeepAlive: z.object({ value: column('TCPKeepAlive', isBool), ...sourceColumns }),
    hostName: column('hostName', isStr),
    port: column('port', isInt),
    user: column('user', isStr),
    identityFiles: column('identityFiles', isStrList),
    proxyJump: column('proxyJump', isStrOrNull),
    proxyCommand: column('proxyCommand', isStrOrNull),
    decided: column('decided', isBool),
    /** null = none. */
    undecidedReason: column('undecidedReason', isStrOrNull),
    keepaliveOn: column('keepaliveOn', isBool),
    verdicts: z.array(Verdict),
    /** Index into `verdicts`. */
    verdict: column('verdict', isNat),
    routes: z.array(Route),
    /** Index into `routes`; -1 = none. */
    route: column('route', isInt),
  })
  .check((ctx) => {
    const t = ctx.value;
    const n = t.pattern.length;
    const issue = (message: string): void => void ctx.issues.push({ code: 'custom', message, input: t });
    const columns: unknown[][] = [t.id, t.file, t.line, t.sampleHost, t.hostName, t.port, t.user, t.identityFiles, t.proxyJump, t.proxyCommand, t.decided, t.undecidedReason, t.keepaliveOn, t.verdict, t.route];
    for (const k of KEEPALIVE) columns.push(t[k].value, t[k].file, t[k].line);
    if (columns.some((c) => c.length !== n)) return issue('every column of the host table must have one entry per row');
    const below = (c: readonly number[], max: number, min = 0) => c.every((i) => i >= min && i < max);
    if (!below(t.file, t.files.length) || !below(t.verdict, t.verdicts.length) || !below(t.route, t.routes.length, -1)) return issue('a host table index points outside its table');
    if (t.line.some((l) => l < 1)) return issue('a host row line must be positive');
    for (const k of KEEPALIVE) {
      const { file, line } = t[k];
      for (let i = 0; i < n; i++) {
        const f = file[i]!;
        if (f === -1 ? line[i] !== 0 : f < 0 || f >= t.files.length || line[i]! < 1) return issue(`a ${k} source must be a default (-1, 0) or a file index and a positive line`);
      }
    }
  });
export type HostTable = z.infer<typeof HostTable>;

/** Rows -> columns (the core side). Throws on a row that is not a HostRow's shape where a column needs it. */
export function encodeHostRows(rows: readonly HostRow[]): HostTable {
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  const fileOf = (f: string) => {
    let i = fileIndex.get(f);
    if (i === undefined) fileIndex.set(f, (i = files.push(f) - 1));
    return i;
  };
  const verdicts = new VerdictTable();
  const routes = new RouteTable();
  const n = rows.length;
  const t = {
    files,
    id: new Array<string | null>(n),
    pattern: new Array<string>(n),
    file: new Array<number>(n),
    line: new Array<number>(n),
    sampleHost: new Array<string>(n),
    serverAliveInterval: { value: new Array<number>(n), file: new Array<number>(n), line: new Array<number>(n) },
    serverAliveCountMax: { value: new Array<number>(n), file: new Array<number>(n), line: new Array<number>(n) },
    tcpKeepAlive: { value: new Array<boolean>(n), file: new Array<number>(n), line: new Array<number>(n) },
    hostName: new Array<string>(n),
    port: new Array<number>(n),
    user: new Array<string>(n),
    identityFiles: new Array<string[]>(n),
    proxyJump: new Array<string | null>(n),
    proxyCommand: new Array<string | null>(n),
    decided: new Array<boolean>(n),
    undecidedReason: new Array<string | null>(n),
    keepaliveOn: new Array<boolean>(n),
    verdicts: verdicts.list,
    verdict: new Array<number>(n),
    routes: routes.list,
    route: new Array<number>(n),
  };
  const putSource = (col: { file: number[]; line: number[] }, i: number, s: ValueSource) => {
    col.file[i] = s.kind === 'line' ? fileOf(s.file) : -1;
    col.line[i] = s.kind === 'line' ? s.line : 0;
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    t.id[i] = isFileLine(r.id, r.file, r.line) ? null : r.id;
    t.pattern[i] = r.pattern;
    t.file[i] = fileOf(r.file);
    t.line[i] = r.line;
    t.sampleHost[i] = r.sampleHost;
    const v = r.values;
    t.serverAliveInterval.value[i] = v.serverAliveInterval.value;
    putSource(t.serverAliveInterval, i, v.serverAliveInterval.source);
    t.serverAliveCountMax.value[i] = v.serverAliveCountMax.value;
    putSource(t.serverAliveCountMax, i, v.serverAliveCountMax.source);
    t.tcpKeepAlive.value[i] = v.tcpKeepAlive.value;
    putSource(t.tcpKeepAlive, i, v.tcpKeepAlive.source);
    const c = r.connection;
    t.hostName[i] = c.hostName;
    t.port[i] = c.port;
    t.user[i] = c.user;
    t.identityFiles[i] = c.identityFiles;
    t.proxyJump[i] = c.proxyJump;
    t.proxyCommand[i] = c.proxyCommand;
    t.decided[i] = r.decided;
    t.undecidedReason[i] = r.undecidedReason ?? null;
    t.keepaliveOn[i] = r.keepaliveOn;
    t.verdict[i] = verdicts.indexOf(r.verdict);
    t.route[i] = r.route === undefined ? -1 : routes.indexOf(r.route);
  }
  return t;
}

/** Whether `id` is `${file}:${line}` (checked without building that string for each of 10k rows). */
function isFileLine(id: string, file: string, line: number): boolean {
  const at = file.length + 1;
  if (id.length <= at || id.charCodeAt(at - 1) !== 58 /* : */ || !id.startsWith(file) || id.charCodeAt(at) === 48 /* 0 */) return false;
  let v = 0;
  for (let k = at; k < id.length; k++) {
    const d = id.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return false;
    v = v * 10 + d;
  }
  return v === line;
}

/**
 * The distinct verdicts of a table. Rows of a big config share a handful: found by their text
 * (a string the row already holds, so nothing is built per row) and then compared field by field.
 */
class VerdictTable {
  readonly list: HostRow['verdict'][] = [];
  private byText = new Map<string, number[]>();
  indexOf(v: HostRow['verdict']): number {
    let same = this.byText.get(v.text);
    if (!same) this.byText.set(v.text, (same = []));
    for (const k of same) if (sameVerdict(this.list[k]!, v)) return k;
    const i = this.list.push(v) - 1;
    same.push(i);
    return i;
  }
}

function sameVerdict(a: HostRow['verdict'], b: HostRow['verdict']): boolean {
  if (a.protected !== b.protected || a.text !== b.text) return false;
  if (!a.facts || !b.facts) return a.facts === b.facts;
  const fa = a.facts as Record<string, unknown>;
  const fb = b.facts as Record<string, unknown>;
  const keys = Object.keys(fa);
  return keys.length === Object.keys(fb).length && keys.every((k) => fa[k] === fb[k]);
}

/** The distinct routes of a table: `direct` is one entry; jump routes (few) by their JSON. */
class RouteTable {
  readonly list: NonNullable<HostRow['route']>[] = [];
  private direct = -1;
  private byJson = new Map<string, number>();
  indexOf(r: NonNullable<HostRow['route']>): number {
    if (r.kind === 'direct') {
      if (this.direct === -1) this.direct = this.list.push(r) - 1;
      return this.direct;
    }
    const key = JSON.stringify(r);
    let i = this.byJson.get(key);
    if (i === undefined) this.byJson.set(key, (i = this.list.push(r) - 1));
    return i;
  }
}

/** Columns -> rows (the page side), from a table HostTable accepted. Rows share their verdict and route objects. */
export function decodeHostRows(t: HostTable): HostRow[] {
  const rows: HostRow[] = new Array(t.pattern.length);
  const sources = new Map<string, ValueSource>();
  const DEFAULT: ValueSource = { kind: 'default' };
  const source = (f: number, line: number): ValueSource => {
    if (f === -1) return DEFAULT;
    const key = `${f}:${line}`;
    let s = sources.get(key);
    if (!s) sources.set(key, (s = { kind: 'line', file: t.files[f]!, line }));
    return s;
  };
  const si = t.serverAliveInterval;
  const sc = t.serverAliveCountMax;
  const tk = t.tcpKeepAlive;
  for (let i = 0; i < rows.length; i++) {
    const file = t.files[t.file[i]!]!;
    const line = t.line[i]!;
    // Fields in the schema's order (as zod's parse gives them): `hosts --json` prints them so.
    const row = {} as HostRow;
    row.id = t.id[i] ?? `${file}:${line}`;
    row.pattern = t.pattern[i]!;
    row.file = file;
    row.line = line;
    row.sampleHost = t.sampleHost[i]!;
    row.values = {
      serverAliveInterval: { value: si.value[i]!, source: source(si.file[i]!, si.line[i]!) },
      serverAliveCountMax: { value: sc.value[i]!, source: source(sc.file[i]!, sc.line[i]!) },
      tcpKeepAlive: { value: tk.value[i]!, source: source(tk.file[i]!, tk.line[i]!) },
    };
    row.connection = {
      hostName: t.hostName[i]!,
      port: t.port[i]!,
      user: t.user[i]!,
      identityFiles: t.identityFiles[i]!,
      proxyJump: t.proxyJump[i]!,
      proxyCommand: t.proxyCommand[i]!,
    };
    row.decided = t.decided[i]!;
    const reason = t.undecidedReason[i];
    if (reason !== null && reason !== undefined) row.undecidedReason = reason;
    row.keepaliveOn = t.keepaliveOn[i]!;
    row.verdict = t.verdicts[t.verdict[i]!]!;
    const route = t.route[i]!;
    if (route !== -1) row.route = t.routes[route]!;
    rows[i] = row;
  }
  return rows;
}

/**
 * ConfigSnapshot.hosts: rows in code, a HostTable on the wire. `parse` (the page) decodes a table;
 * `z.encode` (dispatch) encodes rows. The row side is only checked to be a list: its fields are
 * checked as the columns they become.
 */
export const HostRows = z.codec(HostTable, z.custom<HostRow[]>((v) => Array.isArray(v), { message: 'hosts must be a list of rows' }), {
  decode: decodeHostRows,
  encode: encodeHostRows,
});
