import type { DiffLine } from '../../contract/keepalive';
import { splitLines } from '../openssh/lexer';

/**
 * A line diff for the preview: the edits we make are small and local, so trim the common head and
 * tail and show the changed middle with `context` lines around it. Line endings are compared too
 * (a CRLF line that became LF is a change), and shown with visible markers only when they differ.
 */
export function lineDiff(before: string, after: string, context = 3): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head]!.raw === b[head]!.raw && a[head]!.eol === b[head]!.eol) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail]!.raw === b[b.length - 1 - tail]!.raw &&
    a[a.length - 1 - tail]!.eol === b[b.length - 1 - tail]!.eol
  )
    tail++;
  const out: DiffLine[] = [];
  for (let i = Math.max(0, head - context); i < head; i++) out.push({ kind: 'context', oldLine: i + 1, newLine: i + 1, text: a[i]!.raw });
  const aMid = a.slice(head, a.length - tail);
  const bMid = b.slice(head, b.length - tail);
  // Removed lines that reappear unchanged in the middle are context (e.g. an insertion between two edits).
  const common = lcs(aMid.map((l) => l.raw + l.eol), bMid.map((l) => l.raw + l.eol));
  let i = 0;
  let j = 0;
  for (const [ci, cj] of common) {
    for (; i < ci; i++) out.push({ kind: 'remove', oldLine: head + i + 1, text: aMid[i]!.raw });
    for (; j < cj; j++) out.push({ kind: 'add', newLine: head + j + 1, text: bMid[j]!.raw });
    out.push({ kind: 'context', oldLine: head + i + 1, newLine: head + j + 1, text: aMid[i]!.raw });
    i++;
    j++;
  }
  for (; i < aMid.length; i++) out.push({ kind: 'remove', oldLine: head + i + 1, text: aMid[i]!.raw });
  for (; j < bMid.length; j++) out.push({ kind: 'add', newLine: head + j + 1, text: bMid[j]!.raw });
  const aEnd = a.length - tail;
  const bEnd = b.length - tail;
  for (let k = 0; k < Math.min(context, tail); k++) {
    out.push({ kind: 'context', oldLine: aEnd + k + 1, newLine: bEnd + k + 1, text: a[aEnd + k]!.raw });
  }
  return out;
}

/** Index pairs of a longest common subsequence; the middles are a few lines, so O(n*m) is fine. */
function lcs(a: string[], b: string[]): [number, number][] {
  if (a.length * b.length > 250_000) return [];
  const dp: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}
