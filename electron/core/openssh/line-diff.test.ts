import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactLineDiff, lineDiff } from './line-diff';
import { splitLines } from './lexer';

/** Applying a diff's remove/add lines to `before` must give `after`'s changed region exactly. */
function rebuild(before: string, after: string): string[] {
  const d = lineDiff(before, after, 0);
  const a = splitLines(before).map((l) => l.raw);
  const removed = new Set(d.filter((x) => x.kind === 'remove').map((x) => x.oldLine! - 1));
  const adds = d.filter((x) => x.kind === 'add');
  const kept = a.filter((_, i) => !removed.has(i));
  // Insert added lines at their new positions.
  const out = kept.slice();
  for (const x of adds) out.splice(x.newLine! - 1, 0, x.text);
  return out;
}

describe('lineDiff', () => {
  it('shows an inserted line with context and exact line numbers', () => {
    const before = 'Host a\n  User x\n\nHost b\n  User y\n';
    const after = 'Host a\n  User x\n  ServerAliveInterval 60\n\nHost b\n  User y\n';
    const d = lineDiff(before, after, 1);
    expect(d).toEqual([
      { kind: 'context', oldLine: 2, newLine: 2, text: '  User x' },
      { kind: 'add', newLine: 3, text: '  ServerAliveInterval 60' },
      { kind: 'context', oldLine: 3, newLine: 4, text: '' },
    ]);
  });

  it('shows a changed value as remove + add', () => {
    const d = lineDiff('Host a\r\n  ServerAliveInterval 30\r\n', 'Host a\r\n  ServerAliveInterval 60\r\n', 3);
    expect(d.filter((x) => x.kind !== 'context')).toEqual([
      { kind: 'remove', oldLine: 2, text: '  ServerAliveInterval 30' },
      { kind: 'add', newLine: 2, text: '  ServerAliveInterval 60' },
    ]);
  });

  it('reconstructs after from before for random line edits', () => {
    const line = fc.constantFrom('Host a', 'Host b', '  User x', '', '# c', '  ServerAliveInterval 60', '\tPort 22');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.array(line, { maxLength: 12 }), fc.boolean(), (xs, ys, finalNl) => {
        const before = xs.join('\n') + (finalNl && xs.length ? '\n' : '');
        const after = ys.join('\n') + (finalNl && ys.length ? '\n' : '');
        expect(rebuild(before, after)).toEqual(splitLines(after).map((l) => l.raw));
      }),
      { numRuns: 300 },
    );
  });
  // The system and remote-server previews used a diff of their own that ignored line endings and
  // showed every line between two edits as removed and added again: they share this one now.
  it('a CRLF line turned LF is a changed line', () => {
    expect(lineDiff('A 1\r\nB 2\r\n', 'A 1\nB 2\r\n')).toEqual([
      { kind: 'remove', oldLine: 1, text: 'A 1' },
      { kind: 'add', newLine: 1, text: 'A 1' },
      { kind: 'context', oldLine: 2, newLine: 2, text: 'B 2' },
    ]);
  });

  it('keeps the lines between two edits as context, with three lines around', () => {
    const before = 'a\nb\nc\nd\nClientAliveInterval 30\nPort 22\nClientAliveCountMax 3\ne\nf\ng\nh\n';
    const after = 'a\nb\nc\nd\nClientAliveInterval 60\nPort 22\nClientAliveCountMax 2\ne\nf\ng\nh\n';
    expect(lineDiff(before, after)).toEqual([
      { kind: 'context', oldLine: 2, newLine: 2, text: 'b' },
      { kind: 'context', oldLine: 3, newLine: 3, text: 'c' },
      { kind: 'context', oldLine: 4, newLine: 4, text: 'd' },
      { kind: 'remove', oldLine: 5, text: 'ClientAliveInterval 30' },
      { kind: 'add', newLine: 5, text: 'ClientAliveInterval 60' },
      { kind: 'context', oldLine: 6, newLine: 6, text: 'Port 22' },
      { kind: 'remove', oldLine: 7, text: 'ClientAliveCountMax 3' },
      { kind: 'add', newLine: 7, text: 'ClientAliveCountMax 2' },
      { kind: 'context', oldLine: 8, newLine: 8, text: 'e' },
      { kind: 'context', oldLine: 9, newLine: 9, text: 'f' },
      { kind: 'context', oldLine: 10, newLine: 10, text: 'g' },
    ]);
  });

  it('exactLineDiff: the kept and added lines, with their endings, are the new text byte for byte', () => {
    const line = fc.constantFrom('Host a', '  User x', '', '# c', '  ServerAliveInterval 60', 'Port 22 ');
    const eol = fc.constantFrom('\n', '\r\n', '\r\n', '');
    const text = fc.array(fc.tuple(line, eol), { maxLength: 10 }).map((ls) => ls.map(([l, e]) => l + (e === '' ? '\n' : e)).join(''));
    fc.assert(
      fc.property(text, text, fc.boolean(), (before, after, cut) => {
        const b = cut ? before.replace(/\r?\n$/, '') : before;
        const d = exactLineDiff(b, after, Number.MAX_SAFE_INTEGER);
        expect(d.filter((x) => x.kind !== 'remove').map((x) => x.text + x.eol).join('')).toBe(after);
        expect(d.filter((x) => x.kind !== 'add').map((x) => x.text + x.eol).join('')).toBe(b);
      }),
      { numRuns: 300 },
    );
  });
});
