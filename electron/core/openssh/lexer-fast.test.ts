import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lexLine, lexLineFull, spansOf } from './lexer';

/**
 * lexLine() takes a fast path for plain lines and falls back to lexLineFull(), the reference: on
 * any line, both must give the same line, and spansOf() the reference's spans.
 */
const chars = [' ', '\t', '#', '=', '"', "'", '\\', '\r', '\f', '\n', 'a', 'B', '1', '-', '*', '.', 'Host', 'User', 'x y'];
const lineArb = fc.array(fc.constantFrom(...chars), { maxLength: 14 }).map((a) => a.join(''));

describe('fast lexer path equals the reference lexer', () => {
  it('on random lines', () => {
    fc.assert(
      fc.property(lineArb, (raw) => {
        const { keywordSpan, argSpans, ...ref } = lexLineFull(raw, 3, '\n');
        expect(lexLine(raw, 3, '\n')).toEqual(ref);
        if (ref.kind === 'directive') expect(spansOf({ raw })).toEqual({ keywordSpan, argSpans });
      }),
      { numRuns: 20000 },
    );
  });
});
