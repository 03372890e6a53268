import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineDiff } from './line-diff';
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
});
