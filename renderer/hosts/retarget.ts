import type { HostRow } from '../../common/contract/hosts';
import type { KeepaliveIntent } from '../../common/contract/keepalive';

/**
 * The same change after the file was edited elsewhere: a Host block is addressed by file:line, and
 * lines move when someone adds or removes lines above it. The block is found again as the same
 * pattern (its n-th occurrence in that file). Null when it is gone.
 */
export function retarget(intent: KeepaliveIntent, before: HostRow[], after: HostRow[]): KeepaliveIntent | null {
  const { target } = intent;
  if (target.kind !== 'block') return intent;
  const old = before.find((h) => h.file === target.file && h.line === target.line);
  if (!old) return null;
  const same = (h: HostRow) => h.file === target.file && h.pattern === old.pattern;
  const now = after.filter(same)[before.filter(same).indexOf(old)];
  return now ? { ...intent, target: { kind: 'block', file: target.file, line: now.line } } : null;
}
