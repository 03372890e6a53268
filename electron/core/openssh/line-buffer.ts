import { lexLine, type Eol, type LexedLine } from './lexer';

/**
 * A file's lines under edit. Untouched lines keep their exact bytes; new lines are lexed on
 * insertion. `text()` joins them back; `lexed()` renumbers for re-resolving the candidate.
 */
export class LineBuffer {
  private lines: LexedLine[];
  constructor(
    readonly file: string,
    lines: readonly LexedLine[],
    readonly eol: '\n' | '\r\n',
  ) {
    this.lines = lines.slice();
  }

  get length(): number {
    return this.lines.length;
  }

  at(i: number): LexedLine {
    return this.lines[i]!;
  }

  /** Replaces the characters of `span` in line i (e.g. a value), keeping everything else. */
  replaceSpan(i: number, start: number, end: number, value: string): void {
    const old = this.lines[i]!;
    this.lines[i] = lexLine(old.raw.slice(0, start) + value + old.raw.slice(end), i, old.eol);
  }

  /**
   * Inserts a line before index i (i = length appends). A file without a final newline keeps
   * none: the new last line gets no line ending and the old last line gets the file's.
   */
  insert(i: number, raw: string): void {
    let eol: Eol = this.eol;
    if (i === this.lines.length) {
      const last = this.lines.at(-1);
      if (last && last.eol === '') {
        this.lines[this.lines.length - 1] = { ...last, eol: this.eol };
        eol = '';
      }
    }
    this.lines.splice(i, 0, lexLine(raw, i, eol));
  }

  /** Removes line i; removing the last line of a file without final newline keeps it that way. */
  remove(i: number): void {
    const [gone] = this.lines.splice(i, 1);
    if (gone && gone.eol === '' && i === this.lines.length && i > 0) {
      this.lines[i - 1] = { ...this.lines[i - 1]!, eol: '' };
    }
  }

  text(): string {
    let s = '';
    for (const l of this.lines) s += l.raw + l.eol;
    return s;
  }

  /** The lines as they are, line numbers not updated: enough to re-resolve a candidate. */
  rawLines(): LexedLine[] {
    return this.lines;
  }

  lexed(): LexedLine[] {
    return this.lines.map((l, i) => (l.index === i ? l : { ...l, index: i, lineNo: i + 1 }));
  }
}
