import type { DiffLine } from '../../../common/contract/keepalive';
import type { KeepalivePreviewResult, PuttyTool, SkippedEntry, TakesEffect } from '../../../common/contract/sessions';
import { takesEffectText } from '../../../common/format/takes-effect';

/** A registry write's plan for one key (RegistryAdapter.plan): each value before and after, as .reg text. */
interface KeyPlan {
  key: string;
  existed: boolean;
  values: Array<{ name: string; before: string | null; after: string }>;
}

/** A registry key's change as a diff in .reg lines: what `reg export` would show before and after. */
function keyDiff(k: KeyPlan): DiffLine[] {
  const lines: DiffLine[] = [{ kind: k.existed ? 'context' : 'add', text: `[${k.key}]` }];
  for (const v of k.values) {
    if (v.before === v.after) lines.push({ kind: 'context', text: v.after });
    else {
      if (v.before !== null) lines.push({ kind: 'remove', text: v.before });
      lines.push({ kind: 'add', text: v.after });
    }
  }
  return lines;
}

/** The preview of a registry write: one diff per session (its key), sessions already set listed apart. */
export function registryPreview(root: string, tool: PuttyTool, interval: number, names: readonly string[], plan: readonly KeyPlan[]): KeepalivePreviewResult {
  const changes: KeepalivePreviewResult['changes'] = [];
  const unchanged: string[] = [];
  plan.forEach((k, i) => {
    const name = names[i]!;
    if (k.existed && k.values.every((v) => v.before === v.after)) unchanged.push(name);
    else changes.push({ session: name, tool, file: k.key, diff: keyDiff(k) });
  });
  return { location: root, interval, takesEffect: 'next-open', inCopy: false, changes, unchanged, files: [] };
}

/** The outcome of "turn keepalive on" in a file or sessions folder. */
export function keepaliveOutcome(o: { interval: number; sessions: number; changed: boolean; takesEffect: TakesEffect; upload: string | null; location: string; skipped: readonly SkippedEntry[] }): string {
  const skipped = o.skipped.length ? ` Skipped: ${o.skipped.map((x) => `${x.name} (${x.reason})`).join(', ')}.` : '';
  if (!o.changed) return `Nothing to change: keepalive was already every ${o.interval} s.${skipped}`;
  const count = `${o.sessions} session${o.sessions === 1 ? '' : 's'}`;
  const where = o.upload ? ` in the app's copy of ${o.upload}: download it and use it in place of the original` : o.takesEffect === 'next-open' ? '' : ` in ${o.location}`;
  return `Keepalive every ${o.interval} s for ${count}${where}. ${takesEffectText(o.takesEffect, o.upload ?? o.location)}${skipped}`;
}
