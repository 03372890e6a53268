import type { ConfigSnapshot, HostRow } from '../../../common/contract/hosts';
import type { ClientConfigModel, HostBlock } from '../openssh/ssh-config';
import { hasWildcard } from '../openssh/patterns';
import { matchBlocksOf } from './match-blocks';
import { resolveHost, type ResolveEnv } from '../openssh/resolve';
import { hopResolver, routeOf } from '../openssh/route';
import { routeVerdict } from '../../../common/nat/route-verdict';

/**
 * The host name a block's values are shown for: its first positive pattern; a wildcard pattern is
 * instantiated into a name no literal pattern of the config names, so only wildcards match it.
 */
export function sampleHostFor(model: ClientConfigModel, block: HostBlock): string {
  const first = block.patterns.find((p) => !p.negated);
  if (!first) return block.patterns[0]?.pattern ?? '';
  if (!hasWildcard(first.pattern)) return first.pattern;
  return uniqueName(model, (n) => first.pattern.replace(/\*/g, n).replace(/\?/g, 'x'));
}

/** A host name only wildcard patterns match: the `Host *` switch's subject. */
export function wildcardOnlyHost(model: ClientConfigModel): string {
  return uniqueName(model, (n) => n);
}

function uniqueName(model: ClientConfigModel, make: (n: string) => string): string {
  for (let i = 0; ; i++) {
    const name = make(i === 0 ? 'keepalive-sample' : `keepalive-sample${i}`);
    if (!model.literalIndex.has(name)) return name;
  }
}

/** The first `Host *` block (exactly one pattern, `*`) of the root file: what the all-hosts switch edits. */
export function findStarBlock(model: ClientConfigModel): HostBlock | undefined {
  const root = model.roots[0]?.path;
  return model.hostBlocks.find((b) => b.file === root && b.patterns.length === 1 && b.patterns[0]!.pattern === '*' && !b.patterns[0]!.negated);
}

export function hostRows(model: ClientConfigModel, env: ResolveEnv, natTimeout: number): HostRow[] {
  // A file included twice holds its blocks once: one row per Host line (the id is file:line).
  const seen = new Set<string>();
  const blocks = model.hostBlocks.filter((b) => {
    const id = `${b.file}:${b.line}`;
    if (seen.has(id) || model.fileKinds.get(b.file) !== 'user') return false;
    seen.add(id);
    return true;
  });
  const hops = hopResolver(model, env);
  return blocks.map((block) => hostRowFor(model, block, env, natTimeout, hops));
}

/** One Host block's row: its values as ssh would use them for the block's sample host, and how ssh reaches it. */
export function hostRowFor(model: ClientConfigModel, block: HostBlock, env: ResolveEnv, natTimeout: number, hops = hopResolver(model, env)): HostRow {
  const sampleHost = sampleHostFor(model, block);
  const r = resolveHost(model, sampleHost, env);
  const route = routeOf(r.connection, hops);
  const row: HostRow = {
    id: `${block.file}:${block.line}`,
    pattern: block.patternText,
    file: block.file,
    line: block.line,
    sampleHost,
    values: r.values,
    connection: r.connection,
    decided: r.decided,
    keepaliveOn: r.values.serverAliveInterval.value > 0,
    verdict: routeVerdict(r.values, route, natTimeout),
    route,
  };
  if (r.undecidedReason) row.undecidedReason = r.undecidedReason;
  return row;
}

export function snapshotOf(model: ClientConfigModel, env: ResolveEnv, natTimeout: number, canUndo: boolean, undoDescription?: string): ConfigSnapshot {
  const star = findStarBlock(model);
  const sampleHost = wildcardOnlyHost(model);
  const all = resolveHost(model, sampleHost, env);
  return {
    configPath: model.roots[0]!.path,
    files: [...model.files.values()].map((f) => ({ path: f.path, exists: f.exists, hash: f.hash })),
    hosts: hostRows(model, env, natTimeout),
    allHosts: {
      block: star ? { file: star.file, line: star.line } : null,
      sampleHost,
      values: all.values,
      keepaliveOn: all.values.serverAliveInterval.value > 0,
      verdict: routeVerdict(all.values, routeOf(all.connection, hopResolver(model, env)), natTimeout),
    },
    natTimeoutSeconds: natTimeout,
    issues: model.issues,
    matchBlocks: matchBlocksOf(model),
    canUndo,
    ...(canUndo && undoDescription ? { undoDescription } : {}),
  };
}
