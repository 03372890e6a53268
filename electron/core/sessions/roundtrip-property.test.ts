import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportFiles } from './export';
import { parseIni } from './ini';
import { mapHostToPutty, mapHostToWinscp } from './mapping';
import { parseReg } from './reg';
import { sessionFromUnixFile, sessionsFromIni, sessionsFromReg } from './sessions';
import { parseUnixSession } from './unix';
import { hostRow } from './test/host-row';

/** Any host, any name the format can hold: export then read back gives the same session. */
const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 40 });
const anyText = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s));
const host = fc.record({
  hostName: fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,30}$/),
  port: fc.integer({ min: 1, max: 65535 }),
  user: anyText.filter((s) => s.length > 0),
  interval: fc.integer({ min: 0, max: 86_400 }),
  tcp: fc.boolean(),
  // The export's keepalive: the host's own value as is, or every N s.
  mode: fc.oneof(fc.constant('keep' as const), fc.integer({ min: 1, max: 86_400 })),
});
/** What the session must hold: `keep` -> the host's value; N -> N unless the host's own is shorter (and on). */
const written = (h: { interval: number; mode: 'keep' | number }) => (h.mode === 'keep' ? h.interval : h.interval > 0 && h.interval <= h.mode ? h.interval : h.mode);
const pick = (s: { name: string; hostName: string; port: number; userName: string; keepaliveSeconds: number }) => [s.name, s.hostName, s.port, s.userName, s.keepaliveSeconds];

describe('export -> import, property based', () => {
  it('PuTTY .reg: any printable ASCII name, any user text', () => {
    fc.assert(
      fc.property(printable, host, (name, h) => {
        const s = mapHostToPutty(hostRow({ pattern: 'x', ...h }), name, { keepalive: h.mode });
        const bytes = Buffer.from(exportFiles('putty', 'reg', [s])[0]!.base64, 'base64');
        const [back] = sessionsFromReg(parseReg(bytes), 'f');
        expect(pick(back!)).toEqual([name, h.hostName, h.port, h.user, written(h)]);
        expect(back!.tcpKeepalives).toBe(h.tcp);
      }),
    );
  });
  it('PuTTY Unix file: any name except . and ..', () => {
    fc.assert(
      fc.property(anyText.filter((n) => n.length > 0 && n !== '.' && n !== '..'), host, (name, h) => {
        const s = mapHostToPutty(hostRow({ pattern: 'x', ...h }), name, { keepalive: h.mode });
        const [file] = exportFiles('putty', 'unix', [s]);
        const back = sessionFromUnixFile(file!.name, parseUnixSession(Buffer.from(file!.base64, 'base64').toString('utf8')), 'f');
        expect(pick(back)).toEqual([name, h.hostName, h.port, h.user, written(h)]);
      }),
    );
  });
  it('WinSCP .reg and WinSCP.ini: any name without empty folders', () => {
    fc.assert(
      fc.property(anyText.filter((n) => n.length > 0 && !n.startsWith('/') && !n.endsWith('/') && !n.includes('//')), host, (name, h) => {
        const s = mapHostToWinscp(hostRow({ pattern: 'x', ...h }), name, { keepalive: h.mode });
        const reg = sessionsFromReg(parseReg(Buffer.from(exportFiles('winscp', 'reg', [s])[0]!.base64, 'base64')), 'f');
        const ini = sessionsFromIni(parseIni(Buffer.from(exportFiles('winscp', 'ini', [s])[0]!.base64, 'base64').toString('utf8')), 'f');
        for (const back of [reg[0]!, ini[0]!]) {
          // WinSCP: keepalive off is PingType 0 whatever the interval says.
          expect(pick(back)).toEqual([name, h.hostName, h.port, h.user, written(h)]);
        }
      }),
    );
  });
});
