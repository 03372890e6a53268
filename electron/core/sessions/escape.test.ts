import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapePuttyRegistryName,
  escapePuttyUnixName,
  escapeWinscpName,
  escapeWinscpValue,
  unescapePuttyRegistryName,
  unescapePuttyUnixName,
  unescapeWinscp,
} from './escape';

describe('PuTTY registry key names (escape_registry_key.c)', () => {
  it.each([
    ['My Server', 'My%20Server'],
    ['Default Settings', 'Default%20Settings'],
    ['.hidden', '%2Ehidden'],
    ['a.b.c', 'a.b.c'],
    ['50%', '50%25'],
    ['a/b:c', 'a/b:c'],
    ['*?', '%2A%3F'],
    ['back\\slash', 'back%5Cslash'],
    ['tilde~', 'tilde~'],
    ['q"uote', 'q"uote'],
  ])('%s -> %s', (name, key) => {
    expect(escapePuttyRegistryName(name)).toBe(key);
    expect(unescapePuttyRegistryName(key)).toBe(name);
  });
  it('refuses non-ASCII and control characters with a clear error', () => {
    expect(() => escapePuttyRegistryName('café')).toThrow(/ANSI code page/);
    expect(() => escapePuttyRegistryName('a\tb')).toThrow(/control character/);
    expect(() => escapePuttyRegistryName('')).toThrow(/empty/);
  });
  it('round-trips every printable ASCII name', () => {
    fc.assert(fc.property(fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1 }), (s) => {
      const k = escapePuttyRegistryName(s);
      expect(k).toMatch(/^[\x21-\x7e]+$/); // no space: a valid key name
      expect(k).not.toMatch(/[\\*?]/);
      expect(unescapePuttyRegistryName(k)).toBe(s);
    }));
  });
});

describe('PuTTY Unix session file names (unix/storage.c)', () => {
  it.each([
    ['My Server', 'My%20Server'],
    ['a/b', 'a%2Fb'],
    ['host:22', 'host%3A22'],
    ['.hidden', '.hidden'],
    ['user@host+x_y-z', 'user@host+x_y-z'],
    ['50%', '50%25'],
    ['*?', '%2A%3F'],
    ['café', 'caf%C3%A9'],
  ])('%s -> %s', (name, file) => {
    expect(escapePuttyUnixName(name)).toBe(file);
    expect(unescapePuttyUnixName(file)).toBe(name);
  });
  it('refuses . and .. (they name directories)', () => {
    expect(() => escapePuttyUnixName('.')).toThrow(/directory/);
    expect(() => escapePuttyUnixName('..')).toThrow(/directory/);
  });
  it('round-trips any Unicode name to a safe file name', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', minLength: 1 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s) && s !== '.' && s !== '..'), (s) => {
      const f = escapePuttyUnixName(s);
      expect(f).toMatch(/^[A-Za-z0-9+\-.@_%]+$/);
      expect(unescapePuttyUnixName(f)).toBe(s);
    }));
  });
});

describe('WinSCP munging (HierarchicalStorage.cpp MungeStr)', () => {
  it('escapes names like PuTTY and keeps / as folder separator', () => {
    expect(escapeWinscpName('My Server')).toBe('My%20Server');
    expect(escapeWinscpName('Work/web 1')).toBe('Work/web%201');
    expect(escapeWinscpName('café')).toBe('%EF%BB%BFcaf%C3%A9');
    expect(unescapeWinscp('%EF%BB%BFcaf%C3%A9')).toBe('café');
    expect(() => escapeWinscpName('a//b')).toThrow(/folder/);
  });
  it('munges string values, keeping *', () => {
    expect(escapeWinscpValue('C:\\Users\\me\\k.ppk')).toBe('C:%5CUsers%5Cme%5Ck.ppk');
    expect(escapeWinscpValue('john doe')).toBe('john%20doe');
    expect(escapeWinscpValue('a*b')).toBe('a*b');
    expect(unescapeWinscp('C:%5CUsers%5Cme%5Ck.ppk')).toBe('C:\\Users\\me\\k.ppk');
  });
  it('round-trips any value', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => {
      expect(unescapeWinscp(escapeWinscpValue(s))).toBe(s);
    }));
  });
});
