import type { ConfigSnapshot, HostRow, ValueSource } from '../../../common/contract/hosts';
import type { Change } from './edit';
import { loadModel, type ClientConfigModel, type LoadOptions } from '../openssh/ssh-config';
import { resolveHost, type ResolveEnv } from '../openssh/resolve';
import { routeVerdict } from '../../../common/nat/route-verdict';

/**
 * The snapshot after our own edit, computed from the one before it instead of from scratch: when
 * the change is local to a block of literal host names (Change.localTo), only rows for those names
 * can resolve differently; every other row keeps its values and only has its line numbers moved.
 * Returns null when the change is not of that kind (the caller then recomputes everything).
 * Held to the full computation by incremental.test.ts.
 */
export function snapshotAfterLocalChange(
  before: ConfigSnapshot,
  model: ClientConfigModel,
  change: Change,
  newHashes: ReadonlyMap<string, string>,
  loadOptions: LoadOptions,
  env: ResolveEnv,
): ConfigSnapshot | null {
  const local = change.localTo;
  if (!local || change.files.length !== 1 || change.files[0]!.file !== local.file) return null;
  const fc = change.files[0]!;
  const map = fc.lineMap();
  const moved = (file: string, line: number): number | null => {
    if (file !== local.file) return line;
    const to = map[line - 1];
    return to === undefined || to < 0 ? null : to + 1;
  };
  // Many rows read the same lines (a `Host *` at the end): each moved source is made once and
  // shared, and an unmoved one is the old object itself, so a 50k-row snapshot is not copied whole.
  const movedSources = new Map<number, ValueSource | null>();
  const movedSource = (s: ValueSource): ValueSource | null => {
    if (s.kind === 'default' || s.file !== local.file) return s;
    let out = movedSources.get(s.line);
    if (out === undefined) {
      const line = moved(s.file, s.line);
      out = line === null ? null : line === s.line ? s : { kind: 'line', file: s.file, line };
      movedSources.set(s.line, out);
    }
    return out;
  };

  const movedValues = new Map<HostRow['values'], HostRow['values'] | null>();
  const affected = new Set(local.hosts);
  const newLines = fc.lines();
  const overlay = new Map([[fc.file, { text: fc.after, lines: newLines }]]);
  const rows: HostRow[] = [];
  for (const row of before.hosts) {
    const line = moved(row.file, row.line);
    if (line === null) return null;
    // A jump host's values decide the verdicts of the hosts behind it: those need every name resolved.
    if (row.route?.kind === 'unknown' || (row.route?.kind === 'jumps' && row.route.hops.some((h) => affected.has(h.alias)))) return null;
    if (affected.has(row.sampleHost)) {
      const m = loadModel(model.roots, { ...loadOptions, overlay, cache: model.files, onlyHost: row.sampleHost });
      const r = resolveHost(m, row.sampleHost, env);
      if (row.route?.kind !== 'direct' || hasProxy(r.connection)) return null;
      const next: HostRow = {
        ...row,
        id: `${row.file}:${line}`,
        line,
        values: r.values,
        connection: r.connection,
        decided: r.decided,
        keepaliveOn: r.values.serverAliveInterval.value > 0,
        verdict: routeVerdict(r.values, row.route, before.natTimeoutSeconds),
      };
      delete next.undecidedReason;
      if (r.undecidedReason) next.undecidedReason = r.undecidedReason;
      rows.push(next);
      continue;
    }
    // The reason names a Match line ("Match at file:line") that may have moved: recompute everything.
    if (row.undecidedReason?.includes(`${local.file}:`)) return null;
    // Rows share values objects (the resolver's): each distinct one is moved once.
    let values = movedValues.get(row.values);
    if (values === undefined) movedValues.set(row.values, (values = moveValues(row.values, movedSource)));
    if (!values) return null;
    // Rows are never mutated once made: an unmoved row is shared with the snapshot before.
    rows.push(line === row.line && values === row.values ? row : movedRow(row, line, values));
  }
  if (affected.has(before.allHosts.sampleHost)) return null;
  const allValues = moveValues(before.allHosts.values, movedSource);
  const allBlock = before.allHosts.block;
  const allLine = allBlock ? moved(allBlock.file, allBlock.line) : null;
  if (!allValues || (allBlock && allLine === null)) return null;
  const issues = [];
  for (const i of before.issues) {
    const line = i.line === 0 ? 0 : moved(i.file, i.line);
    if (line === null) return null;
    issues.push({ ...i, line });
  }
  // Match blocks keep their place only when the edit moved none of their lines (nor the Host line
  // their `before` names); otherwise a fresh computation says where they now are.
  const unmoved = (file: string, line: number): boolean => moved(file, line) === line;
  for (const m of before.matchBlocks ?? []) {
    const beforeAt = m.before === null ? null : /^(.*):(\d+)$/.exec(m.before);
    if (!unmoved(m.file, m.line) || m.sets.some((x) => !unmoved(m.file, x.line))) return null;
    if (beforeAt && !unmoved(beforeAt[1]!, Number(beforeAt[2]))) return null;
  }
  return {
    ...before,
    files: before.files.map((f) => (newHashes.has(f.path) ? { path: f.path, exists: true, hash: newHashes.get(f.path)! } : f)),
    hosts: rows,
    allHosts: { ...before.allHosts, block: allBlock ? { file: allBlock.file, line: allLine! } : null, values: allValues },
    issues,
  };
}

/** The row at its new line: written out field by field (a spread of 10k rows costs more than the rest of this). */
function movedRow(row: HostRow, line: number, values: HostRow['values']): HostRow {
  const out: HostRow = {
    id: `${row.file}:${line}`,
    pattern: row.pattern,
    file: row.file,
    line,
    sampleHost: row.sampleHost,
    values,
    connection: row.connection,
    decided: row.decided,
    keepaliveOn: row.keepaliveOn,
    verdict: row.verdict,
  };
  if (row.undecidedReason !== undefined) out.undecidedReason = row.undecidedReason;
  if (row.route !== undefined) out.route = row.route;
  return out;
}

const hasProxy = (c: HostRow['connection']) => (c.proxyJump !== null && c.proxyJump !== 'none') || (c.proxyCommand !== null && c.proxyCommand !== 'none');

/** The values with their sources moved; the same object when no source moved; null when one was removed. */
function moveValues(values: HostRow['values'], move: (s: ValueSource) => ValueSource | null): HostRow['values'] | null {
  const { serverAliveInterval: i, serverAliveCountMax: c, tcpKeepAlive: t } = values;
  const a = move(i.source);
  const b = move(c.source);
  const d = move(t.source);
  if (!a || !b || !d) return null;
  if (a === i.source && b === c.source && d === t.source) return values;
  return {
    serverAliveInterval: a === i.source ? i : { value: i.value, source: a },
    serverAliveCountMax: b === c.source ? c : { value: c.value, source: b },
    tcpKeepAlive: d === t.source ? t : { value: t.value, source: d },
  };
}
