import { describe, expect, it } from 'vitest';
import type { ConfigSnapshot } from '../../../common/contract/hosts';
import type { ExportKeepalive } from '../../../common/contract/sessions';
import { exportFiles } from './export';
import { mapHostToPutty, mapHostToWinscp } from './mapping';
import { selectSessions } from './select';
import { hostRow } from './test/host-row';

/**
 * Exports switch keepalive on: by default every session gets a keepalive every N s (60 unless the
 * user chose another), a host's own shorter interval stays, a longer one becomes N and says so;
 * `keep` writes the effective values as before. Checked on the bytes of each format.
 */
const HOSTS = [
  hostRow({ pattern: 'none', hostName: 'none.example.com', user: 'ops', line: 1 }),
  hostRow({ pattern: 'short', hostName: 'short.example.com', user: 'ops', interval: 45, line: 5 }),
  hostRow({ pattern: 'long', hostName: 'long.example.com', user: 'ops', interval: 600, line: 9 }),
];
// hostRow's default interval is 60 from the "OpenSSH default": make `none` really have none.
HOSTS[0]!.values.serverAliveInterval = { value: 0, source: { kind: 'default' } };

const text = (b64: string, enc: 'utf16le' | 'utf8') => {
  const buf = Buffer.from(b64, 'base64');
  return enc === 'utf16le' ? buf.subarray(2).toString('utf16le') : buf.toString('utf8');
};
const putty = (keepalive?: ExportKeepalive) => HOSTS.map((h) => mapHostToPutty(h, undefined, keepalive === undefined ? {} : { keepalive }));
const winscp = (keepalive?: ExportKeepalive) => HOSTS.map((h) => mapHostToWinscp(h, undefined, keepalive === undefined ? {} : { keepalive }));

const regBlock = (name: string, host: string, minutes: number, secs: number) =>
  [
    `[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\${name}]`,
    `"HostName"="${host}"`,
    '"PortNumber"=dword:00000016',
    '"Protocol"="ssh"',
    '"UserName"="ops"',
    `"PingInterval"=dword:${minutes.toString(16).padStart(8, '0')}`,
    `"PingIntervalSecs"=dword:${secs.toString(16).padStart(8, '0')}`,
    '"TCPKeepalives"=dword:00000001',
    '',
  ].join('\r\n');

describe('export keepalive, byte level', () => {
  it('PuTTY .reg by default: 60 s added where none, a shorter own value kept, a longer one raised to 60', () => {
    const reg = text(exportFiles('putty', 'reg', putty())[0]!.base64, 'utf16le');
    expect(reg).toBe(
      ['Windows Registry Editor Version 5.00', '', regBlock('none', 'none.example.com', 1, 0), regBlock('short', 'short.example.com', 0, 45), regBlock('long', 'long.example.com', 1, 0), ''].join('\r\n'),
    );
  });

  it('the user’s chosen interval replaces 60, with the same rule', () => {
    const reg = text(exportFiles('putty', 'reg', putty(30))[0]!.base64, 'utf16le');
    expect(reg).toContain(regBlock('none', 'none.example.com', 0, 30));
    expect(reg).toContain(regBlock('short', 'short.example.com', 0, 30));
    expect(reg).toContain(regBlock('long', 'long.example.com', 0, 30));
  });

  it('keep: the effective values as they are, 0 included (the export as it was)', () => {
    const reg = text(exportFiles('putty', 'reg', putty('keep'))[0]!.base64, 'utf16le');
    expect(reg).toBe(
      ['Windows Registry Editor Version 5.00', '', regBlock('none', 'none.example.com', 0, 0), regBlock('short', 'short.example.com', 0, 45), regBlock('long', 'long.example.com', 10, 0), ''].join('\r\n'),
    );
  });

  it('the preview says what happened to each keepalive, and a raised value is a warning', () => {
    const [none, short, long] = putty();
    expect([none, short, long].map((s) => [s!.keepaliveSeconds, s!.keepaliveOrigin, s!.hostKeepaliveSeconds])).toEqual([
      [60, 'added', 0],
      [45, 'own', 45],
      [60, 'raised', 600],
    ]);
    expect(long!.warnings).toContain('ServerAliveInterval 600 is longer than the 60 s this export uses: exported as a keepalive every 60 s.');
    expect(none!.warnings.join('\n')).not.toMatch(/longer than/);
    expect(putty('keep').map((s) => s.keepaliveOrigin)).toEqual(['as-is', 'as-is', 'as-is']);
    expect(putty('keep')[2]!.warnings.join('\n')).not.toMatch(/longer than/);
  });

  it('WinSCP.ini by default: PingType=1 ("Send null SSH packets") for every site', () => {
    const ini = text(exportFiles('winscp', 'ini', winscp())[0]!.base64, 'utf8');
    expect(ini).toBe(
      [
        '[Sessions\\none]',
        'HostName=none.example.com',
        'PortNumber=22',
        'UserName=ops',
        'PingType=1',
        'PingInterval=1',
        'PingIntervalSecs=0',
        '',
        '[Sessions\\short]',
        'HostName=short.example.com',
        'PortNumber=22',
        'UserName=ops',
        'PingType=1',
        'PingInterval=0',
        'PingIntervalSecs=45',
        '',
        '[Sessions\\long]',
        'HostName=long.example.com',
        'PortNumber=22',
        'UserName=ops',
        'PingType=1',
        'PingInterval=1',
        'PingIntervalSecs=0',
        '',
      ].join('\r\n'),
    );
    // keep: the host without keepalive gets PingType=0, as before.
    expect(text(exportFiles('winscp', 'ini', winscp('keep'))[0]!.base64, 'utf8')).toContain('[Sessions\\none]\r\nHostName=none.example.com\r\nPortNumber=22\r\nUserName=ops\r\nPingType=0\r\nPingInterval=0\r\nPingIntervalSecs=0\r\n');
  });

  it('WinSCP .reg and PuTTY Unix files carry the same keepalive', () => {
    const reg = text(exportFiles('winscp', 'reg', winscp())[0]!.base64, 'utf16le');
    expect(reg).toContain('[HKEY_CURRENT_USER\\Software\\Martin Prikryl\\WinSCP 2\\Sessions\\none]\r\n"HostName"="none.example.com"\r\n"PortNumber"=dword:00000016\r\n"UserName"="ops"\r\n"PingType"=dword:00000001\r\n"PingInterval"=dword:00000001\r\n"PingIntervalSecs"=dword:00000000\r\n');
    const files = exportFiles('putty', 'unix', putty());
    expect(files.map((f) => [f.name, text(f.base64, 'utf8')])).toEqual([
      ['none', 'HostName=none.example.com\nPortNumber=22\nProtocol=ssh\nUserName=ops\nPingInterval=1\nPingIntervalSecs=0\nTCPKeepalives=1\n'],
      ['short', 'HostName=short.example.com\nPortNumber=22\nProtocol=ssh\nUserName=ops\nPingInterval=0\nPingIntervalSecs=45\nTCPKeepalives=1\n'],
      ['long', 'HostName=long.example.com\nPortNumber=22\nProtocol=ssh\nUserName=ops\nPingInterval=1\nPingIntervalSecs=0\nTCPKeepalives=1\n'],
    ]);
  });
});

describe("PuTTY's Default Settings is written only when it adds a keepalive", () => {
  const snapshot = (hostStar: number): ConfigSnapshot =>
    ({
      configPath: '/fixture/config',
      hosts: HOSTS,
      allHosts: {
        values: {
          serverAliveInterval: { value: hostStar, source: hostStar ? { kind: 'line', file: '/fixture/config', line: 20 } : { kind: 'default' } },
          serverAliveCountMax: { value: 3, source: { kind: 'default' } },
          tcpKeepAlive: { value: true, source: { kind: 'default' } },
        },
      },
    }) as unknown as ConfigSnapshot;
  const sel = (keepalive: ExportKeepalive | undefined, all = true) => ({ hosts: [], all, defaults: true, keepalive });
  const defaultsBlock = (m: number, s: number) =>
    `[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\Default%20Settings]\r\n"PingInterval"=dword:${m.toString(16).padStart(8, '0')}\r\n"PingIntervalSecs"=dword:${s.toString(16).padStart(8, '0')}\r\n"TCPKeepalives"=dword:00000001\r\n`;

  it('by default: Host * without keepalive -> Default Settings with 60 s (never 0)', () => {
    const { sessions, omitted } = selectSessions(snapshot(0), 'putty', sel(undefined));
    expect(omitted).toEqual([]);
    const reg = text(exportFiles('putty', 'reg', sessions)[0]!.base64, 'utf16le');
    expect(reg.startsWith(`Windows Registry Editor Version 5.00\r\n\r\n${defaultsBlock(1, 0)}\r\n[`)).toBe(true);
    expect(reg).not.toMatch(/"PingInterval"=dword:00000000\r\n"PingIntervalSecs"=dword:00000000/);
  });

  it('Host * at 600 s: raised to 60 in Default Settings too, and said', () => {
    const { sessions } = selectSessions(snapshot(600), 'putty', sel(undefined));
    expect(sessions[0]).toMatchObject({ sessionName: 'Default Settings', keepaliveSeconds: 60, keepaliveOrigin: 'raised' });
    expect(sessions[0]!.warnings.join('\n')).toMatch(/Host \*: ServerAliveInterval 600 is longer than the 60 s/);
  });

  it('keep: Host * without keepalive -> no Default Settings, and the result says why', () => {
    const { sessions, omitted } = selectSessions(snapshot(0), 'putty', sel('keep'));
    expect(sessions.map((s) => s.sessionName)).toEqual(['none', 'short', 'long']);
    expect(omitted).toEqual([expect.stringMatching(/Default Settings is left out: Host \* has no ServerAliveInterval/)]);
    const reg = text(exportFiles('putty', 'reg', sessions)[0]!.base64, 'utf16le');
    expect(reg).not.toContain('Default%20Settings');
    // Asked for Default Settings alone: nothing to write is an error, not an empty file.
    expect(() => selectSessions(snapshot(0), 'putty', sel('keep', false))).toThrow(/Nothing to export: PuTTY's Default Settings is left out/);
  });

  it('keep: Host * with a keepalive -> Default Settings with exactly it', () => {
    const { sessions } = selectSessions(snapshot(600), 'putty', sel('keep'));
    expect(text(exportFiles('putty', 'reg', sessions)[0]!.base64, 'utf16le')).toContain(defaultsBlock(10, 0));
  });
});
