import type { DiffLine } from '../../../common/contract/keepalive';
import { splitLines } from '../openssh/lexer';

/**
 * A line diff for the preview. The planner's edits are a few lines in one or two places, so the
 * changed region is found by trimming the common head and tail; a few lines of context around it.
 */
export function lineDiff(before: string, after: string, context = 2): DiffLine[] {
  const a = splitLines(before).map((l) => l.raw);
  const b = splitLines(after).map((l) => l.raw);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const out: DiffLine[] = [];
  for (let i = Math.max(0, head - context); i < head; i++) out.push({ kind: 'context', oldLine: i + 1, newLine: i + 1, text: a[i]! });
  for (let i = head; i < a.length - tail; i++) out.push({ kind: 'remove', oldLine: i + 1, text: a[i]! });
  for (let i = head; i < b.length - tail; i++) out.push({ kind: 'add', newLine: i + 1, text: b[i]! });
  const end = Math.min(tail, context);
  for (let k = 0; k < end; k++) {
    const i = a.length - tail + k;
    const j = b.length - tail + k;
    out.push({ kind: 'context', oldLine: i + 1, newLine: j + 1, text: a[i]! });
  }
  return out;
}
