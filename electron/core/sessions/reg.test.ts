import { describe, expect, it } from 'vitest';
import { exportRegFile } from './export';
import { mapHostToPutty, mapHostToWinscp } from './mapping';
import { parseReg, serializeReg } from './reg';
import { hostRow } from './test/host-row';

describe('.reg writer, byte level', () => {
  const bytes = serializeReg([
    {
      path: 'HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\My%20Server',
      deleteKey: false,
      values: [
        { name: 'HostName', data: { kind: 'sz', value: 'C:\\dir\\"q"' } },
        { name: 'PortNumber', data: { kind: 'dword', value: 2222 } },
        { name: 'PingInterval', data: { kind: 'dword', value: 0xffffffff } },
      ],
    },
  ]);
  it('starts with the UTF-16LE BOM and is UTF-16LE throughout', () => {
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.length % 2).toBe(0);
    // "W" of the header as a UTF-16LE code unit
    expect([...bytes.subarray(2, 4)]).toEqual([0x57, 0x00]);
  });
  const text = bytes.subarray(2).toString('utf16le');
  it('uses CRLF only, header then a blank line', () => {
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(text.startsWith('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software')).toBe(true);
    expect(text.endsWith('\r\n\r\n')).toBe(true);
  });
  it('escapes \\ and " in strings and writes dword: with 8 lower-case hex digits', () => {
    expect(text).toContain('"HostName"="C:\\\\dir\\\\\\"q\\""\r\n');
    expect(text).toContain('"PortNumber"=dword:000008ae\r\n');
    expect(text).toContain('"PingInterval"=dword:ffffffff\r\n');
  });
  it('is read back to the same values', () => {
    const [k] = parseReg(bytes);
    expect(k!.values.map((v) => v.data)).toEqual([
      { kind: 'sz', value: 'C:\\dir\\"q"' },
      { kind: 'dword', value: 2222 },
      { kind: 'dword', value: 0xffffffff },
    ]);
  });
  it('refuses a value with a line break (regedit cannot hold it)', () => {
    expect(() => serializeReg([{ path: 'HKEY_CURRENT_USER\\x', deleteKey: false, values: [{ name: 'a', data: { kind: 'sz', value: 'x\ny' } }] }])).toThrow(/line break/);
  });
});

describe('exported sessions', () => {
  it('PuTTY (keepalive keep): HostName, PortNumber, Protocol=ssh, UserName, both ping values, TCPKeepalives', () => {
    const s = mapHostToPutty(hostRow({ pattern: 'web prod', hostName: 'web.example.com', port: 2222, user: 'deploy', interval: 90, tcp: false }), undefined, { keepalive: 'keep' });
    const text = exportRegFile('putty', [s]).subarray(2).toString('utf16le');
    expect(text).toBe(
      [
        'Windows Registry Editor Version 5.00',
        '',
        '[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\web]',
        '"HostName"="web.example.com"',
        '"PortNumber"=dword:000008ae',
        '"Protocol"="ssh"',
        '"UserName"="deploy"',
        '"PingInterval"=dword:00000001',
        '"PingIntervalSecs"=dword:0000001e',
        '"TCPKeepalives"=dword:00000000',
        '',
        '',
      ].join('\r\n'),
    );
  });
  it('WinSCP: PingType 1 and munged strings', () => {
    const s = mapHostToWinscp(hostRow({ pattern: '"My Box"', hostName: 'box', user: 'john doe', interval: 60, identityFiles: ['C:\\keys\\k.ppk'] }));
    const text = exportRegFile('winscp', [s]).subarray(2).toString('utf16le');
    expect(text).toContain('[HKEY_CURRENT_USER\\Software\\Martin Prikryl\\WinSCP 2\\Sessions\\My%20Box]\r\n');
    expect(text).toContain('"UserName"="john%20doe"\r\n');
    expect(text).toContain('"PingType"=dword:00000001\r\n"PingInterval"=dword:00000001\r\n"PingIntervalSecs"=dword:00000000\r\n');
    expect(text).toContain('"PublicKeyFile"="C:%5Ckeys%5Ck.ppk"\r\n');
  });
});

describe('.reg reader errors point at the line', () => {
  const reg = (t: string) => Buffer.from(t, 'utf8');
  it('rejects a file without the header', () => {
    expect(() => parseReg(reg('[HKEY_CURRENT_USER\\x]\r\n'), 'f.reg')).toThrow(/first line/);
  });
  it('names the line of a bad DWORD', () => {
    try {
      parseReg(reg('REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\x]\r\n"a"=dword:xyz\r\n'), 'f.reg');
      expect.unreachable();
    } catch (e) {
      expect((e as { line: number }).line).toBe(4);
      expect((e as Error).message).toMatch(/not a DWORD/);
    }
  });
  it('rejects an unknown escape', () => {
    expect(() => parseReg(reg('REGEDIT4\n[HKEY_CURRENT_USER\\x]\n"a"="b\\n"\n'))).toThrow(/unknown escape/);
  });
  it('reads hex continuation lines, deletions and comments', () => {
    const keys = parseReg(reg('REGEDIT4\n; c\n[-HKEY_CURRENT_USER\\y]\n[HKEY_CURRENT_USER\\x]\n"b"=hex:01,02,\\\n  03\n"c"=-\n@="d"\n'));
    expect(keys[0]).toMatchObject({ path: 'HKEY_CURRENT_USER\\y', deleteKey: true });
    expect(keys[1]!.values).toEqual([
      { name: 'b', data: { kind: 'other', raw: 'hex:01,02,03' }, line: 5 },
      { name: 'c', data: { kind: 'delete' }, line: 7 },
      { name: '', data: { kind: 'sz', value: 'd' }, line: 8 },
    ]);
  });
});
