import { describe, expect, it } from 'vitest';
import { applyIntent, changeLines, entryTime, planIntent, undoIntent } from './intent';

const H = 'a'.repeat(64);

describe('intent lines', () => {
  it('spells a change as the program reads it', () => {
    expect(changeLines({ action: 'on', interval: 30, countMax: 4 })).toEqual(['set ClientAliveInterval 30', 'set ClientAliveCountMax 4']);
    expect(changeLines({ action: 'off' })).toEqual(['unset ClientAliveInterval']);
    expect(planIntent({ action: 'on', interval: 30 })).toEqual(['intent 1', 'mode plan', 'set ClientAliveInterval 30', 'end']);
    expect(applyIntent({ action: 'on', interval: 30 }, H, H, false)).toEqual(['intent 1', 'mode apply', 'set ClientAliveInterval 30', `state ${H}`, `digest ${H}`, 'reload no', 'end']);
  });

  it('refuses values the program would refuse, before anything is sent', () => {
    for (const interval of [0, 86_401, 1.5, Number.NaN]) expect(() => changeLines({ action: 'on', interval })).toThrow();
    expect(() => changeLines({ action: 'on', interval: 30, countMax: 101 })).toThrow();
    expect(() => changeLines({ action: 'on' })).toThrow(/interval/);
    expect(() => applyIntent({ action: 'on', interval: 30 }, 'x; rm -rf /', H, true)).toThrow();
    expect(() => undoIntent('../../etc', true)).toThrow();
  });

  it('reads a backup name as its time', () => {
    expect(entryTime('20240102T030405Z1234')).toBe('2024-01-02T03:04:05Z');
    expect(undoIntent('20240102T030405Z1234', true)).toContain('entry 20240102T030405Z1234');
  });
});
