import type { DiffLine } from '../../../common/contract/keepalive';
import { splitLines, type Eol } from './lexer';

/** A diff line with the ending it has in its file: byte-exact checks tell CRLF from LF with it. */
export type ExactDiffLine = DiffLine & { eol: Eol };

/**
 * The one line diff of the app: the preview of every change (the user's config, the system files,
 * a remote server's) and the tests' byte-exact edit checks. Line endings count (CRLF -> LF is a
 * change). `context` lines are shown around the changed region.
 */
export function lineDiff(before: string, after: string, context = 3): DiffLine[] {
  return exactLineDiff(before, after, context).map(({ eol: _eol, ...line }) => line);
}

/**
 * lineDiff with each line's ending. Our edits are small and local, so: find the common head and
 * tail (whole lines, by fast string comparison rather than splitting a 50k-line file), diff the
 * changed middle by LCS, and add `context` lines around it.
 */
export function exactLineDiff(before: string, after: string, context = 3): ExactDiffLine[] {
  const { headEnd, aTail, bTail } = commonEnds(before, after);
  const headLines = countLines(before, 0, headEnd);
  const out: ExactDiffLine[] = [];
  const ctxBefore = splitLines(before.slice(lineStartBack(before, headEnd, context), headEnd));
  ctxBefore.forEach((l, k) => {
    const n = headLines - ctxBefore.length + k + 1;
    out.push({ kind: 'context', oldLine: n, newLine: n, text: l.raw, eol: l.eol });
  });

  const aMid = splitLines(before.slice(headEnd, aTail));
  const bMid = splitLines(after.slice(headEnd, bTail));
  const common = lcs(aMid.map((l) => l.raw + l.eol), bMid.map((l) => l.raw + l.eol));
  let i = 0;
  let j = 0;
  const base = headLines;
  for (const [ci, cj] of [...common, [aMid.length, bMid.length] as [number, number]]) {
    for (; i < ci; i++) out.push({ kind: 'remove', oldLine: base + i + 1, text: aMid[i]!.raw, eol: aMid[i]!.eol });
    for (; j < cj; j++) out.push({ kind: 'add', newLine: base + j + 1, text: bMid[j]!.raw, eol: bMid[j]!.eol });
    if (i < aMid.length && j < bMid.length) {
      out.push({ kind: 'context', oldLine: base + i + 1, newLine: base + j + 1, text: aMid[i]!.raw, eol: aMid[i]!.eol });
      i++;
      j++;
    }
  }
  const ctxAfter = splitLines(before.slice(aTail, lineStartForward(before, aTail, context))).slice(0, context);
  ctxAfter.forEach((l, k) => {
    out.push({ kind: 'context', oldLine: base + aMid.length + k + 1, newLine: base + bMid.length + k + 1, text: l.raw, eol: l.eol });
  });
  return out;
}

/**
 * Where the changed region starts (headEnd, the same offset in both texts) and ends (aTail in
 * `before`, bTail in `after`): whole lines equal in both are outside it; the tail never overlaps the head.
 */
function commonEnds(before: string, after: string): { headEnd: number; aTail: number; bTail: number } {
  const p = commonPrefix(before, after);
  const headEnd = p === before.length && p === after.length ? p : p === 0 ? 0 : before.lastIndexOf('\n', p - 1) + 1;
  const s = Math.min(commonSuffix(before, after), before.length - headEnd, after.length - headEnd);
  let aTail = before.length - s;
  let bTail = after.length - s;
  const atStart = (x: string, i: number) => i === 0 || x[i - 1] === '\n';
  if (!(atStart(before, aTail) && atStart(after, bTail))) {
    // Move to the next line start inside the common tail (same offset in both texts).
    const nl = before.indexOf('\n', aTail);
    const shift = nl === -1 ? before.length - aTail : nl + 1 - aTail;
    aTail += shift;
    bTail += shift;
  }
  return { headEnd, aTail, bTail };
}

function commonPrefix(a: string, b: string): number {
  return longestCommon(Math.min(a.length, b.length), (lo, hi) => a.slice(lo, hi) === b.slice(lo, hi));
}

function commonSuffix(a: string, b: string): number {
  return longestCommon(Math.min(a.length, b.length), (lo, hi) => a.slice(a.length - hi, a.length - lo) === b.slice(b.length - hi, b.length - lo));
}

/** The largest n <= max with `same(lo, n)` true, by binary search: `same` compares chars lo..n only. */
function longestCommon(max: number, same: (lo: number, hi: number) => boolean): number {
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (same(lo, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function countLines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Start of the line `n` lines before the line starting at `pos`. */
function lineStartBack(s: string, pos: number, n: number): number {
  let start = pos;
  for (let k = 0; k < n && start > 0; k++) start = start < 2 ? 0 : s.lastIndexOf('\n', start - 2) + 1;
  return start;
}

/** Position after `n` more lines from `pos`. */
function lineStartForward(s: string, pos: number, n: number): number {
  let end = pos;
  for (let k = 0; k < n && end < s.length; k++) {
    const nl = s.indexOf('\n', end);
    end = nl === -1 ? s.length : nl + 1;
  }
  return end;
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
