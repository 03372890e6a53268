import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportFiles } from './export';
import { mapHostToPutty, mapHostToWinscp } from './mapping';
import { importFromPath, writeUnixSessions } from './store';
import { hostRow } from './test/host-row';

/** Export then import returns the same sessions, for names PuTTY and WinSCP must escape. */
const NAMES = ['My Server', '100%', '.dotfirst', 'team/web', 'host:2222', 'star*', 'what?', 'back\\slash', 'café', '[br]ack=ets'];
/** The effective values as they are (`--keepalive keep`): this file checks the values survive. */
const KEEP = { keepalive: 'keep' as const };
const INTERVALS = [0, 59, 60, 61, 3600, 86_399, 7, 300, 1, 120];
const hosts = NAMES.map((name, i) =>
  hostRow({ pattern: `h${i}`, hostName: `h${i}.example.com`, port: 2200 + i, user: i % 2 ? 'root' : 'john doe', interval: INTERVALS[i]!, tcp: i % 2 === 0, line: i * 3 + 1 }),
);

let tmp: string;
const tmpDir = async () => (tmp ??= await fs.mkdtemp(path.join(os.tmpdir(), 'putty-rt-')));
afterAll(async () => {
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

async function writeExport(name: string, b64: string): Promise<string> {
  const f = path.join(await tmpDir(), name);
  await fs.writeFile(f, Buffer.from(b64, 'base64'));
  return f;
}

const expected = (names: string[], withTcp: boolean) =>
  names
    .map((name) => {
      const i = NAMES.indexOf(name);
      return {
        name,
        hostName: `h${i}.example.com`,
        port: 2200 + i,
        userName: i % 2 ? 'root' : 'john doe',
        keepaliveSeconds: INTERVALS[i]!,
        tcpKeepalives: withTcp ? i % 2 === 0 : null,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));

const pick = (s: { name: string; hostName: string; port: number; userName: string; keepaliveSeconds: number; tcpKeepalives: boolean | null }) => ({
  name: s.name,
  hostName: s.hostName,
  port: s.port,
  userName: s.userName,
  keepaliveSeconds: s.keepaliveSeconds,
  tcpKeepalives: s.tcpKeepalives,
});

describe('round trip export -> import', () => {
  it('PuTTY .reg: every ASCII name; a non-ASCII name is refused with a clear error', async () => {
    const ascii = NAMES.filter((n) => n !== 'café');
    const sessions = ascii.map((n) => mapHostToPutty(hosts[NAMES.indexOf(n)]!, n, KEEP));
    const [file] = exportFiles('putty', 'reg', sessions);
    const back = await importFromPath(await writeExport('p.reg', file!.base64));
    expect(back.format).toBe('reg');
    expect(back.sessions.map(pick).sort((a, b) => a.name.localeCompare(b.name))).toEqual(expected(ascii, true));
    const cafe = mapHostToPutty(hosts[NAMES.indexOf('café')]!, 'café', KEEP);
    expect(cafe.nameError).toMatch(/ANSI code page/);
    expect(() => exportFiles('putty', 'reg', [cafe])).toThrow(/café.*ANSI/);
  });

  it('PuTTY Unix session files: every name, including non-ASCII', async () => {
    const dir = path.join(await tmpDir(), 'sessions');
    const sessions = NAMES.map((n) => mapHostToPutty(hosts[NAMES.indexOf(n)]!, n, KEEP));
    await writeUnixSessions(path.join(await tmpDir(), 'state'), dir, sessions);
    const files = (await fs.readdir(dir)).sort();
    expect(files).toContain('My%20Server');
    expect(files).toContain('team%2Fweb');
    expect(files).toContain('.dotfirst');
    expect(files).toContain('caf%C3%A9');
    expect((await fs.stat(dir)).mode & 0o777).toBe(0o700);
    const back = await importFromPath(dir);
    expect(back.sessions.map(pick).sort((a, b) => a.name.localeCompare(b.name))).toEqual(expected(NAMES, true));
    // The download (exportFiles) holds the same bytes as the files written.
    for (const f of exportFiles('putty', 'unix', sessions)) {
      expect(await fs.readFile(path.join(dir, f.name))).toEqual(Buffer.from(f.base64, 'base64'));
    }
  });

  it('WinSCP .reg and WinSCP.ini: every name, non-ASCII with the UTF-8 BOM marker', async () => {
    const sessions = NAMES.map((n) => mapHostToWinscp(hosts[NAMES.indexOf(n)]!, n, KEEP));
    for (const format of ['reg', 'ini'] as const) {
      const [file] = exportFiles('winscp', format, sessions);
      const text = format === 'reg' ? Buffer.from(file!.base64, 'base64').subarray(2).toString('utf16le') : Buffer.from(file!.base64, 'base64').toString('utf8');
      expect(text).toContain('%EF%BB%BFcaf%C3%A9');
      expect(text).toContain('team/web');
      const back = await importFromPath(await writeExport(`w.${format}`, file!.base64));
      expect(back.format).toBe(format);
      expect(back.sessions.map(pick).sort((a, b) => a.name.localeCompare(b.name))).toEqual(expected(NAMES, false));
    }
  });

  it('two hosts mapping to one session name are refused', () => {
    const a = mapHostToPutty(hosts[0]!, 'Same', KEEP);
    const b = mapHostToPutty(hosts[1]!, 'same', KEEP);
    expect(() => exportFiles('putty', 'reg', [a, b])).toThrow(/same PuTTY session/);
  });
});
