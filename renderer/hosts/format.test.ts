import { describe, expect, it } from 'vitest';
import { Interval } from '../../common/contract/keepalive';
import { describeError, formatDuration, formatSource, parseInterval, parseNatTimeout, shortPath } from './format';

describe('hosts view formatting', () => {
  it('accepts exactly the intervals the contract accepts (1..86400 whole seconds)', () => {
    for (const text of ['0', '1', '60', '86400', '86401', '-5', '1.5', '1e3', ' 30 ', '', 'abc', '007']) {
      const parsed = parseInterval(text);
      const contract = /^\s*\d+\s*$/.test(text) && Interval.safeParse(Number(text)).success;
      expect(parsed.ok, text).toBe(contract);
      if (!parsed.ok) expect(parsed.message.length, text).toBeGreaterThan(10);
    }
    expect(parseInterval('90000')).toEqual({ ok: false, message: 'The interval must be between 1 and 86400 seconds.' });
  });

  it('validates the NAT timeout', () => {
    expect(parseNatTimeout('300')).toEqual({ ok: true, value: 300 });
    expect(parseNatTimeout('0').ok).toBe(false);
    expect(parseNatTimeout('x').ok).toBe(false);
  });

  it('names sources as file:line beside the root config, or "OpenSSH default"', () => {
    expect(formatSource({ kind: 'default' }, '/h/.ssh/config')).toBe('OpenSSH default');
    expect(formatSource({ kind: 'line', file: '/h/.ssh/config', line: 4 }, '/h/.ssh/config')).toBe('config:4');
    expect(formatSource({ kind: 'line', file: '/h/.ssh/conf.d/w.conf', line: 2 }, '/h/.ssh/config')).toBe('conf.d/w.conf:2');
    expect(formatSource({ kind: 'line', file: '/etc/ssh/ssh_config', line: 9 }, '/h/.ssh/config')).toBe('/etc/ssh/ssh_config:9');
    expect(shortPath('C:\\Users\\me\\.ssh\\config', 'C:\\Users\\me\\.ssh\\config')).toBe('config');
  });

  it('formats durations and errors for people', () => {
    expect(formatDuration(300)).toBe('5 min');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(7200)).toBe('2 h');
    expect(describeError({ code: 'parse', message: 'Bad option', file: '/c', line: 3 })).toBe('Bad option (/c:3)');
    expect(describeError({ code: 'conflict', message: '/c changed since SSH Keepalive edited it.', file: '/c' })).toBe('/c changed since SSH Keepalive edited it.');
    expect(describeError({ code: 'parse', message: 'Bad option in /c', file: '/c', line: 3 })).toBe('Bad option in /c (/c:3)');
  });
});
