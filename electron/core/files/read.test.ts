import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText, encodeText } from './read';

/** The definition decodeText's fast check stands for: UTF-8 when the bytes round-trip through it. */
const roundTripsAsUtf8 = (b: Buffer) => Buffer.from(b.toString('utf8'), 'utf8').equals(b);

describe('decodeText', () => {
  it('calls bytes UTF-8 exactly when they round-trip through UTF-8, and never loses a byte', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
      fc.string({ unit: 'binary', maxLength: 32 }).map((s) => Buffer.from(s, 'utf8')),
      // Lone and paired surrogates as CESU-8, overlong forms, a BOM, bytes past U+10FFFF.
      fc.array(fc.constantFrom('ed a0 80', 'ed bf bf', 'ed a0 bd ed b8 80', 'c0 af', 'e0 80 af', 'ef bb bf', 'f4 90 80 80', 'f0 9f 98 80', '41', 'c3 a9'), { maxLength: 6 }).map((xs) => Buffer.from(xs.join(' ').split(' ').filter(Boolean).map((h) => parseInt(h, 16)))),
    );
    fc.assert(
      fc.property(bytes, (b) => {
        const d = decodeText(b);
        expect(d.encoding === 'utf8').toBe(roundTripsAsUtf8(b));
        expect(encodeText(d.text, d.encoding).equals(b)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
