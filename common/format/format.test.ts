import { describe, expect, it } from 'vitest';
import { Interval } from '../contract/keepalive';
import { formatDuration, formatInterval, NO_BREAK } from './duration';
import { describeError } from './error';
import { parseInterval, parseNatTimeout, parseWhole } from './interval';
import { formatPlace, formatSource, fullSource, shortPath } from './source';
import { asPhrase } from './text';

describe('formatDuration: one style for every duration', () => {
  it('says hours, minutes and seconds, largest first, zero parts left out', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(60)).toBe('1 min');
    expect(formatDuration(300)).toBe('5 min');
    expect(formatDuration(350)).toBe('5 min 50 s');
    expect(formatDuration(7200)).toBe('2 h');
    expect(formatDuration(7440)).toBe('2 h 4 min');
    expect(formatDuration(3601)).toBe('1 h 1 s');
    expect(formatDuration(Infinity)).toBe('forever');
  });

  it('keeps one decimal below 10 s and rounds above', () => {
    expect(formatDuration(2.5)).toBe('2.5 s');
    expect(formatDuration(2.04)).toBe('2 s');
    expect(formatDuration(224.6)).toBe('3 min 45 s');
  });

  it('joins number and unit with a no-break space when asked, parts with a plain one', () => {
    expect(formatDuration(350, NO_BREAK)).toBe('5\u00a0min 50\u00a0s');
    expect(formatInterval(60)).toBe('60 s');
    expect(formatInterval(600, NO_BREAK)).toBe('600\u00a0s');
  });
});

describe('fields', () => {
  it('accepts exactly the intervals the contract accepts (1..86400 whole seconds)', () => {
    for (const text of ['0', '1', '60', '86400', '86401', '-5', '1.5', '1e3', ' 30 ', '', 'abc', '007']) {
      const parsed = parseInterval(text);
      const contract = /^\s*\d+\s*$/.test(text) && Interval.safeParse(Number(text)).success;
      expect(parsed.ok, text).toBe(contract);
      if (!parsed.ok) expect(parsed.message.length, text).toBeGreaterThan(10);
    }
    expect(parseInterval('90000')).toEqual({ ok: false, message: 'The interval must be between 1 and 86400 seconds.' });
  });

  it('validates the NAT timeout and whole numbers in a range', () => {
    expect(parseNatTimeout('300')).toEqual({ ok: true, value: 300 });
    expect(parseNatTimeout('0').ok).toBe(false);
    expect(parseNatTimeout('x').ok).toBe(false);
    expect(parseWhole(' 3 ', 0, 100)).toBe(3);
    expect(parseWhole('101', 0, 100)).toBeNull();
    expect(parseWhole('-1', 0, 100)).toBeNull();
  });
});

describe('sources and errors', () => {
  it('names sources as file:line beside the root config, or "OpenSSH default"', () => {
    expect(formatSource({ kind: 'default' }, '/h/.ssh/config')).toBe('OpenSSH default');
    expect(formatSource({ kind: 'line', file: '/h/.ssh/config', line: 4 }, '/h/.ssh/config')).toBe('config:4');
    expect(formatSource({ kind: 'line', file: '/h/.ssh/conf.d/w.conf', line: 2 }, '/h/.ssh/config')).toBe('conf.d/w.conf:2');
    expect(formatSource({ kind: 'line', file: '/etc/ssh/ssh_config', line: 9 }, '/h/.ssh/config')).toBe('/etc/ssh/ssh_config:9');
    expect(fullSource({ kind: 'line', file: '/h/.ssh/config', line: 4 })).toBe('/h/.ssh/config:4');
    expect(shortPath('C:\\Users\\me\\.ssh\\config', 'C:\\Users\\me\\.ssh\\config')).toBe('config');
    expect(formatPlace('/c', 0)).toBe('/c');
  });

  it('adds the place to an error only when it has a line', () => {
    expect(describeError({ code: 'parse', message: 'Bad option', file: '/c', line: 3 })).toBe('Bad option (/c:3)');
    expect(describeError({ code: 'conflict', message: '/c changed since SSH Keepalive edited it.', file: '/c' })).toBe('/c changed since SSH Keepalive edited it.');
    expect(describeError({ code: 'io', message: 'Disk full' })).toBe('Disk full');
  });

  it('turns a sentence into a phrase by its closing full stop only', () => {
    expect(asPhrase('Keepalive for Host db: off.')).toBe('Keepalive for Host db: off');
    expect(asPhrase('Keepalive for Host db: every 60 s. Host * is read first.')).toBe('Keepalive for Host db: every 60 s. Host * is read first');
    expect(asPhrase('no stop')).toBe('no stop');
  });
});
