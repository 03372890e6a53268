import { describe, expect, it } from 'vitest';
import { changesBetween } from './announce';
import { exampleHosts } from './scenario';
import { advance, applyEvent, createSimulation, LINUX_RETRANSMIT_GIVE_UP_MS } from './simulation';

describe('changesBetween', () => {
  it('announces deleted entries and ended sessions once', () => {
    const hosts = exampleHosts().map((h) => ({ id: h.key, label: h.pattern, settings: h.settings, typing: h.typing }));
    const names = (id: string) => id.replace('example:', '');
    const s0 = createSimulation({ natTimeoutSeconds: 300 }, hosts);
    const s1 = advance(s0, 301_000);
    expect(changesBetween(s0, s1, names)).toEqual(['school: the router deleted the entry']);
    const s2 = advance(applyEvent(s1, { kind: 'type', hostId: 'example:school' }), 302_000);
    expect(changesBetween(s1, s2, names)).toEqual(['school: frozen, the keystroke gets no answer']);
    expect(changesBetween(s2, advance(s2, 303_000), names)).toEqual([]);
    const s3 = advance(s2, 301_000 + LINUX_RETRANSMIT_GIVE_UP_MS);
    expect(changesBetween(s2, s3, names)).toEqual(['school: Write failed: Broken pipe']);
  });
});
