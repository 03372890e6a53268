import { describe, expect, it } from 'vitest';
import { OPENSSH_DEFAULTS } from './simulation';
import { listNames, summarize } from './summary';

const on = (interval: number) => ({ ...OPENSSH_DEFAULTS, serverAliveInterval: interval });

describe('summarize', () => {
  it('answers the question in one sentence', () => {
    const hosts = [
      ...Array.from({ length: 7 }, (_, i) => ({ pattern: `web${i}`, settings: on(60) })),
      { pattern: 'db1', settings: OPENSSH_DEFAULTS },
      { pattern: 'legacy', settings: on(600) },
    ];
    expect(summarize(hosts, 300)).toBe('Behind a 5 min NAT: 7 of 9 hosts survive an idle hour; db1 and legacy die after 5 min.');
  });

  it('knows when everyone survives and when deaths differ', () => {
    expect(summarize([{ pattern: 'a', settings: on(60) }], 300)).toBe('Behind a 5 min NAT: the host survives an idle hour.');
    expect(summarize([{ pattern: 'a', settings: on(30) }, { pattern: 'b', settings: { ...on(30), serverAliveCountMax: 0 } }, { pattern: 'c', settings: OPENSSH_DEFAULTS }], 1200)).toBe(
      'Behind a 20 min NAT: 1 of 3 hosts survive an idle hour; b dies after 30 s; c dies after 20 min.',
    );
  });

  it('says the NAT timeout as every other duration is said', () => {
    expect(summarize([{ pattern: 'a', settings: OPENSSH_DEFAULTS }], 350)).toBe('Behind a 5 min 50 s NAT: 0 of 1 host survives an idle hour; a dies after 5 min 50 s.');
  });

  it('lists long name lists briefly', () => {
    expect(listNames(['a', 'b', 'c', 'd', 'e', 'f'])).toBe('a, b, c and 3 more');
    expect(listNames(['a', 'b'])).toBe('a and b');
  });
});
