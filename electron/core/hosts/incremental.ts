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
  const movedSource = (s: ValueSource): ValueSource | null => {
    if (s.kind === 'default') return s;
    const line = moved(s.file, s.line);
    return line === null ? null : { kind: 'line', file: s.file, line };
  };

  const affected = new Set(local.hosts);
  const newLines = fc.lines();
  const overlay = new Map([[fc.file, { text: fc.after, lines: newLines }]]);
  const rows: HostRow[] = [];
  for (const row of before.hosts) {
    const line = moved(row.file, row.line);
    if (line === null) return null;
    const base = { ...row, id: `${row.file}:${line}`, line };
    // A jump host's values decide the verdicts of the hosts behind it: those need every name resolved.
    if (row.route?.kind === 'unknown' || (row.route?.kind === 'jumps' && row.route.hops.some((h) => affected.has(h.alias)))) return null;
    if (affected.has(row.sampleHost)) {
      const m = loadModel(model.roots, { ...loadOptions, overlay, cache: model.files, onlyHost: row.sampleHost });
      const r = resolveHost(m, row.sampleHost, env);
      if (row.route?.kind !== 'direct' || hasProxy(r.connection)) return null;
      const next: HostRow = {
        ...base,
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
    const values = moveValues(row.values, movedSource);
    if (!values) return null;
    rows.push({ ...base, values });
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

const hasProxy = (c: HostRow['connection']) => (c.proxyJump !== null && c.proxyJump !== 'none') || (c.proxyCommand !== null && c.proxyCommand !== 'none');

function moveValues(values: HostRow['values'], move: (s: ValueSource) => ValueSource | null): HostRow['values'] | null {
  const a = move(values.serverAliveInterval.source);
  const b = move(values.serverAliveCountMax.source);
  const c = move(values.tcpKeepAlive.source);
  if (!a || !b || !c) return null;
  return {
    serverAliveInterval: { value: values.serverAliveInterval.value, source: a },
    serverAliveCountMax: { value: values.serverAliveCountMax.value, source: b },
    tcpKeepAlive: { value: values.tcpKeepAlive.value, source: c },
  };
}
