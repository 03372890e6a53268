import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setIniKeys, setRegValues, setUnixSessionKeys } from './edit';
import { encodeReg } from './reg';
import { enableKeepaliveInPath } from './enable';
import { importFromPath } from './store';

/** "Turn keepalive on" edits only the keepalive lines of the user's own store; every other byte stays. */
describe('in-place edits', () => {
  it('unix session file: replaces the first PingInterval (PuTTY reads the first), appends what is missing, keeps CRLF', () => {
    const before = 'HostName=a\r\nPingInterval=5\r\nColour0=1,2,3\r\nPingInterval=9\r\nTerm Type=xterm';
    const after = setUnixSessionKeys(before, [
      { key: 'PingInterval', value: 1 },
      { key: 'PingIntervalSecs', value: 0 },
    ]);
    expect(after).toBe('HostName=a\r\nPingInterval=1\r\nColour0=1,2,3\r\nPingInterval=9\r\nTerm Type=xterm\r\nPingIntervalSecs=0\r\n');
  });

  it('WinSCP.ini: edits inside the right section only, inserting before the blank line', () => {
    const before = '; my sites\r\n[Sessions\\a]\r\nHostName=a\r\nPingType=0\r\n\r\n[Sessions\\b]\r\nHostName=b\r\n\r\n[Configuration\\Interface]\r\nTheme=dark\r\n';
    const after = setIniKeys(before, 'Sessions\\b', [
      { key: 'PingType', value: '1' },
      { key: 'PingInterval', value: '1' },
    ]);
    expect(after).toBe('; my sites\r\n[Sessions\\a]\r\nHostName=a\r\nPingType=0\r\n\r\n[Sessions\\b]\r\nHostName=b\r\nPingType=1\r\nPingInterval=1\r\n\r\n[Configuration\\Interface]\r\nTheme=dark\r\n');
  });

  it('.reg text: replaces a value of the wrong type in every block of the key, adds missing ones to its last block', () => {
    const key = 'HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\a';
    const before = `Windows Registry Editor Version 5.00\r\n\r\n; keep me\r\n[${key}]\r\n"HostName"="a"\r\n"PingInterval"="5"\r\n\r\n[${key}\\sub]\r\n"x"=dword:00000001\r\n\r\n`;
    const after = setRegValues(before, key, [
      { name: 'PingInterval', data: { kind: 'dword', value: 2 } },
      { name: 'PingIntervalSecs', data: { kind: 'dword', value: 0 } },
    ]);
    expect(after).toBe(
      `Windows Registry Editor Version 5.00\r\n\r\n; keep me\r\n[${key}]\r\n"HostName"="a"\r\n"PingInterval"=dword:00000002\r\n"PingIntervalSecs"=dword:00000000\r\n\r\n[${key}\\sub]\r\n"x"=dword:00000001\r\n\r\n`,
    );
  });
});

describe('enableKeepaliveInPath on real files', () => {
  let tmp = '';
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'putty-edit-'));
  });
  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('a .reg file stays UTF-16LE with BOM, other sessions untouched; the journal can undo it', async () => {
    const file = path.join(tmp, 'mine.reg');
    const k = (n: string) => `HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\${n}`;
    const text = `Windows Registry Editor Version 5.00\r\n\r\n[${k('My%20Server')}]\r\n"HostName"="srv"\r\n"Protocol"="ssh"\r\n"PortNumber"=dword:00000016\r\n\r\n[${k('other')}]\r\n"HostName"="o"\r\n\r\n`;
    await fs.writeFile(file, encodeReg(text));
    expect((await importFromPath(file)).sessions.map((s) => [s.name, s.keepaliveSeconds])).toEqual([
      ['My Server', 0],
      ['other', 0],
    ]);
    const { changed, result } = await enableKeepaliveInPath(path.join(tmp, 'state'), file, ['My Server'], 60);
    expect(changed).toEqual([file]);
    expect(result.sessions.map((s) => [s.name, s.keepaliveSeconds])).toEqual([
      ['My Server', 60],
      ['other', 0],
    ]);
    const bytes = await fs.readFile(file);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString('utf16le')).toBe(text.replace('"PortNumber"=dword:00000016\r\n', '"PortNumber"=dword:00000016\r\n"PingInterval"=dword:00000001\r\n"PingIntervalSecs"=dword:00000000\r\n'));
    await expect(enableKeepaliveInPath(path.join(tmp, 'state'), file, ['nope'], 60)).rejects.toThrow(/No session named "nope"/);
  });

  it('a sessions directory: only the named session file changes', async () => {
    const dir = path.join(tmp, 'sessions');
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, 'a%20b'), 'HostName=a\nFontName=server:fixed\n');
    await fs.writeFile(path.join(dir, 'c'), 'HostName=c\n');
    await enableKeepaliveInPath(path.join(tmp, 'state'), dir, ['a b'], 125);
    expect(await fs.readFile(path.join(dir, 'a%20b'), 'utf8')).toBe('HostName=a\nFontName=server:fixed\nPingInterval=2\nPingIntervalSecs=5\n');
    expect(await fs.readFile(path.join(dir, 'c'), 'utf8')).toBe('HostName=c\n');
  });

  it('WinSCP.ini: PingType 1 is written with the interval (an imported PuTTY interval alone leaves it off)', async () => {
    const file = path.join(tmp, 'WinSCP.ini');
    await fs.writeFile(file, '[Sessions\\web]\r\nHostName=web\r\nPingInterval=1\r\n');
    expect((await importFromPath(file)).sessions[0]!.keepaliveSeconds).toBe(0); // PingType missing = off
    await enableKeepaliveInPath(path.join(tmp, 'state'), file, ['web'], 30);
    expect(await fs.readFile(file, 'utf8')).toBe('[Sessions\\web]\r\nHostName=web\r\nPingInterval=0\r\nPingType=1\r\nPingIntervalSecs=30\r\n');
    expect((await importFromPath(file)).sessions[0]).toMatchObject({ keepaliveSeconds: 30, pingType: 1 });
  });
});
