import { spansOf, dominantEol, joinLines, lexText, splitLines } from './lexer';

/**
 * Pure line-level edits of an OpenSSH config text: text in, text out. Untouched lines keep every
 * byte (indentation, CRLF, trailing spaces, comments, `Key=Value`). Shared by the app (preview)
 * and the privileged helper (the write), so what the user approved is what gets written.
 */

/** Replaces the arguments of the directive on `index` with `value`, keeping keyword and separator. */
export function replaceValue(text: string, index: number, value: string): string {
  const lines = splitLines(text);
  const lexed = lexText(text)[index];
  const target = lines[index];
  if (!lexed || !target || lexed.kind !== 'directive' || spansOf(lexed).argSpans.length === 0) {
    throw new Error(`line ${index + 1} is not a directive with a value`);
  }
  const { argSpans } = spansOf(lexed);
  const first = argSpans[0]!;
  const last = argSpans[argSpans.length - 1]!;
  target.raw = target.raw.slice(0, first.start) + value + target.raw.slice(last.end);
  return joinLines(lines);
}

/** Inserts `newLines` before line `index` (index = line count appends), in the file's line ending. */
export function insertLines(text: string, index: number, newLines: string[]): string {
  const lines = splitLines(text);
  const eol = dominantEol(lines);
  const last = lines[lines.length - 1];
  // A file without a final newline: its last line needs one before anything is added after it.
  if (index >= lines.length && last && last.eol === '') last.eol = eol;
  const added = newLines.map((raw) => ({ raw, eol }));
  lines.splice(Math.min(index, lines.length), 0, ...added);
  return joinLines(lines);
}

/** Removes the lines at `indices`. */
export function removeLines(text: string, indices: readonly number[]): string {
  const drop = new Set(indices);
  return joinLines(splitLines(text).filter((_, i) => !drop.has(i)));
}

/** True when the text holds nothing but comments and blank lines. */
export function hasNoDirectives(text: string): boolean {
  return lexText(text).every((l) => l.kind !== 'directive');
}

/**
 * Where a new global line goes in a file with Match (and, for ssh_config, Host) blocks: before the
 * first block, and before the comment lines directly above it (they usually describe that block).
 */
export function globalInsertIndex(text: string, blockKeys: readonly string[]): number {
  const lexed = lexText(text);
  const first = lexed.findIndex((l) => l.kind === 'directive' && blockKeys.includes(l.key));
  if (first === -1) return lexed.length;
  let i = first;
  while (i > 0 && lexed[i - 1]!.kind === 'comment') i--;
  return i;
}
