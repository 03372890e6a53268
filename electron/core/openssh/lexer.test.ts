import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinLines, lexLine, spansOf, lexText, splitLines, strdelimCursor } from './lexer';

describe('lexer', () => {
  it('keeps every byte: joinLines(splitLines(x)) === x', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\t', '\r', '\n', '=', '"', '#', '\\', 'é', '\uFEFF') }), (text) => {
        expect(joinLines(splitLines(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('splits keyword and value like OpenSSH (space, tab, one "=")', () => {
    expect(lexLine('ServerAliveInterval 60', 0).args).toEqual(['60']);
    expect(lexLine('  ServerAliveInterval=60', 0)).toMatchObject({ key: 'serveraliveinterval', args: ['60'], indent: '  ' });
    expect(lexLine('ServerAliveInterval = 60   ', 0).args).toEqual(['60']);
    expect(lexLine('\tServerAliveInterval\t60 # every minute', 0).args).toEqual(['60']);
    // No space before '#': not a comment, so OpenSSH sees three words (and rejects "60#").
    expect(lexLine('ServerAliveInterval 60# no space', 0).args).toEqual(['60#', 'no', 'space']);
  });

  it('unquotes and unescapes as argv_split does', () => {
    expect(lexLine('Host "a b" c', 0).args).toEqual(['a b', 'c']);
    expect(lexLine("IdentityFile '~/my key'", 0).args).toEqual(['~/my key']);
    expect(lexLine('ProxyCommand a\\ b \\"c\\"', 0).args).toEqual(['a b', '"c"']);
    expect(lexLine('Host "unterminated', 0).error).toBe('invalid quotes');
  });

  it('records where each argument sits, so a value can be replaced in place', () => {
    const l = lexLine('  ServerAliveInterval   "30"  # s', 0);
    const span = spansOf(l).argSpans[0]!;
    expect(l.raw.slice(span.start, span.end)).toBe('"30"');
  });

  it('classifies blank, comment and keyword-without-argument lines', () => {
    const lines = lexText('\n   \n# c\n  #c\nHost\n');
    expect(lines.map((l) => l.kind)).toEqual(['blank', 'blank', 'comment', 'comment', 'directive']);
    expect(lines[4]!.error).toMatch(/no argument after keyword "host"/);
  });

  it('keeps CRLF out of raw and in eol; a lone CR is part of the line', () => {
    const lines = splitLines('Host a\r\n  User b\rx\nPort 1');
    expect(lines).toEqual([
      { raw: 'Host a', eol: '\r\n' },
      { raw: '  User b\rx', eol: '\n' },
      { raw: 'Port 1', eol: '' },
    ]);
  });

  // match_cfg_line reads Match criteria with strdelim(), not argv_split(): '=' splits, only "..."
  // quotes, a quote inside a word joins it, '' is where an '=' or the line ends (then null, as in C).
  // Held to ssh -G itself in ssh-client/match-syntax.test.ts.
  it.each([
    ['Match exec="touch /x; true"', ['exec', 'touch /x; true', '']],
    ['Match !host=x,y', ['!host', 'x,y']],
    ['Match=host = b', ['host', 'b']],
    ['Match host==b', ['host', '', 'b']],
    ["Match host 'b c'", ['host', "'b", "c'"]],
    ['Match h"os"t b  \t', ['hos', 't', 'b']],
    ['Match host b ==c', ['host', 'b', '', 'c']],
    ['Match host "b', ['host']],
  ])('strdelimCursor(%j)', (raw, tokens) => {
    const cur = strdelimCursor({ raw });
    const got: string[] = [];
    for (let t = cur.next(); t !== null && got.length < 10; t = cur.next()) got.push(t);
    expect(got).toEqual(tokens);
    expect(cur.consumed()).toBe(true);
  });
  it('strdelimCursor: consumed() is false while text remains (ssh: "extra arguments")', () => {
    const cur = strdelimCursor({ raw: 'Match all ==x' });
    expect([cur.next(), cur.next()]).toEqual(['all', '']);
    expect(cur.consumed()).toBe(false);
    cur.consumeAll();
    expect(cur.consumed()).toBe(true);
  });
});
