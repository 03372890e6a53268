import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enableKeepaliveInPath, planKeepaliveInPath } from './enable';
import { keepaliveOutcome, registryPreview } from './enable-words';
import { encodeReg } from './reg';

const k = (n: string) => `HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\${n}`;

/** "Turn keepalive on" is previewed session by session before anything is written, and Apply holds to that preview. */
describe('the keepalive plan', () => {
  let tmp = '';
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'putty-plan-'));
  });
  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('a .reg of several sessions: one diff per session, nothing written; Apply writes their sum', async () => {
    const file = path.join(tmp, 'work.reg');
    const text = `Windows Registry Editor Version 5.00\r\n\r\n[${k('a')}]\r\n"HostName"="a.example"\r\n\r\n[${k('b')}]\r\n"HostName"="b.example"\r\n"PingInterval"=dword:00000001\r\n"PingIntervalSecs"=dword:00000000\r\n\r\n[${k('c')}]\r\n"HostName"="c.example"\r\n"PingInterval"=dword:0000000a\r\n\r\n`;
    const bytes = encodeReg(text);
    await fs.writeFile(file, bytes);
    const plan = await planKeepaliveInPath(file, ['a', 'b', 'c'], 60);
    expect((await fs.readFile(file)).equals(bytes)).toBe(true);
    expect(plan.takesEffect).toBe('after-import');
    expect(plan.unchanged).toEqual(['b']);
    expect(plan.changes.map((c) => c.session)).toEqual(['a', 'c']);
    const added = (s: string) => plan.changes.find((c) => c.session === s)!.diff.filter((l) => l.kind !== 'context').map((l) => `${l.kind} ${l.text}`);
    expect(added('a')).toEqual(['add "PingInterval"=dword:00000001', 'add "PingIntervalSecs"=dword:00000000']);
    expect(added('c')).toEqual(['remove "PingInterval"=dword:0000000a', 'add "PingInterval"=dword:00000001', 'add "PingIntervalSecs"=dword:00000000']);
    // Each diff shows its own session's key as context.
    expect(plan.changes[0]!.diff.filter((l) => l.kind === 'context').map((l) => l.text)).toContain(`[${k('a')}]`);

    const r = await enableKeepaliveInPath(path.join(tmp, 'state'), file, ['a', 'b', 'c'], 60, undefined, plan.read);
    expect(r.changed).toEqual([file]);
    expect(r.result.sessions.map((s) => [s.name, s.keepaliveSeconds])).toEqual([
      ['a', 60],
      ['b', 60],
      ['c', 60],
    ]);
  });

  it('Apply refuses a file changed since the preview (conflict) and writes nothing', async () => {
    const dir = path.join(tmp, 'sessions');
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, 'web'), 'HostName=web.example\n');
    await fs.writeFile(path.join(dir, 'db'), 'HostName=db.example\n');
    const plan = await planKeepaliveInPath(dir, ['web', 'db'], 30);
    expect(plan.takesEffect).toBe('next-open');
    expect(plan.changes.map((c) => [c.session, c.file])).toEqual([
      ['db', path.join(dir, 'db')],
      ['web', path.join(dir, 'web')],
    ]);
    // Another program edits db after the preview.
    await fs.writeFile(path.join(dir, 'db'), 'HostName=db2.example\n');
    await expect(enableKeepaliveInPath(path.join(tmp, 'state'), dir, ['web', 'db'], 30, undefined, plan.read)).rejects.toMatchObject({ code: 'conflict', file: path.join(dir, 'db') });
    expect(await fs.readFile(path.join(dir, 'web'), 'utf8')).toBe('HostName=web.example\n');
  });

  it('a WinSCP.ini: one diff per site, applies once WinSCP uses the file', async () => {
    const file = path.join(tmp, 'WinSCP.ini');
    await fs.writeFile(file, '[Sessions\\a]\r\nHostName=a\r\n\r\n[Sessions\\b]\r\nHostName=b\r\n');
    const plan = await planKeepaliveInPath(file, ['a', 'b'], 60);
    expect(plan.takesEffect).toBe('winscp-ini');
    expect(plan.changes.map((c) => c.diff.filter((l) => l.kind === 'add').map((l) => l.text))).toEqual([
      ['PingType=1', 'PingInterval=1', 'PingIntervalSecs=0'],
      ['PingType=1', 'PingInterval=1', 'PingIntervalSecs=0'],
    ]);
  });
});

describe('what the user is told', () => {
  it('a registry write as .reg lines per session key; a session already set is listed apart', () => {
    const p = registryPreview(k(''), 'putty', 60, ['a', 'b'], [
      { key: k('a'), existed: true, values: [{ name: 'PingInterval', before: '"PingInterval"=dword:00000000', after: '"PingInterval"=dword:00000001' }] },
      { key: k('b'), existed: true, values: [{ name: 'PingInterval', before: '"PingInterval"=dword:00000001', after: '"PingInterval"=dword:00000001' }] },
    ]);
    expect(p.unchanged).toEqual(['b']);
    expect(p.changes).toEqual([{ session: 'a', tool: 'putty', file: k('a'), diff: [{ kind: 'context', text: `[${k('a')}]` }, { kind: 'remove', text: '"PingInterval"=dword:00000000' }, { kind: 'add', text: '"PingInterval"=dword:00000001' }] }]);
  });

  it('a file source says when the change applies: once imported on Windows, once WinSCP uses it, or the next time a session opens', () => {
    const base = { interval: 60, sessions: 2, changed: true, upload: null, skipped: [] };
    expect(keepaliveOutcome({ ...base, takesEffect: 'after-import', location: '/home/u/work.reg' })).toBe(
      'Keepalive every 60 s for 2 sessions in /home/u/work.reg. It applies once work.reg is imported on Windows (double-click it, or run reg import "work.reg"), the next time each session is opened.',
    );
    expect(keepaliveOutcome({ ...base, takesEffect: 'winscp-ini', location: '/home/u/WinSCP.ini' })).toContain('once WinSCP on Windows uses this WinSCP.ini');
    expect(keepaliveOutcome({ ...base, takesEffect: 'next-open', location: '/home/u/.putty/sessions' })).toBe('Keepalive every 60 s for 2 sessions. It applies the next time each session is opened.');
    expect(keepaliveOutcome({ ...base, takesEffect: 'after-import', location: 'x', upload: 'exported.reg' })).toMatch(/^Keepalive every 60 s for 2 sessions in the app's copy of exported\.reg: download it and use it in place of the original\. It applies once exported\.reg is imported on Windows/);
  });
});
