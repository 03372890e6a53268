import { describe, expect, it } from 'vitest';
import { formatSeconds, parseSshdTime, parseSystemdTimespan } from './duration';

describe('sshd time formats (convtime)', () => {
  it('reads what sshd accepts', () => {
    expect(parseSshdTime('300')).toBe(300);
    expect(parseSshdTime('5m')).toBe(300);
    expect(parseSshdTime('1h30m')).toBe(5400);
    expect(parseSshdTime('1H30M')).toBe(5400);
    expect(parseSshdTime('1h30')).toBe(3630);
    expect(parseSshdTime('2w1d')).toBe(2 * 604800 + 86400);
    expect(parseSshdTime('0')).toBe(0);
  });
  it('refuses what sshd refuses', () => {
    for (const bad of ['', '1h 30m', '5x', 'none', '-5', '1.5h', '99999999999']) expect(parseSshdTime(bad)).toBeNull();
  });
});

describe('systemd time spans', () => {
  it('reads loginctl and logind.conf values', () => {
    expect(parseSystemdTimespan('infinity')).toBe(Infinity);
    expect(parseSystemdTimespan('15min')).toBe(900);
    expect(parseSystemdTimespan('1h 30min')).toBe(5400);
    expect(parseSystemdTimespan('900')).toBe(900);
    expect(parseSystemdTimespan('500ms')).toBe(0.5);
    expect(parseSystemdTimespan('2 minutes')).toBe(120);
    expect(parseSystemdTimespan('soon')).toBeNull();
  });
  it('formats for people', () => {
    expect(formatSeconds(5400)).toBe('1 h 30 min');
    expect(formatSeconds(45)).toBe('45 s');
    expect(formatSeconds(0)).toBe('0 s');
  });
});
