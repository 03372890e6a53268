import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseUnixSession } from './unix';
import { puttyUnixDirs } from './unix';

describe("PuTTY's Unix directory rule (unix/storage.c)", () => {
  const dirs: string[] = [];
  const home = async () => {
    const d = await fs.mkdtemp(path.join(os.tmpdir(), 'putty-dir-'));
    dirs.push(d);
    return d;
  };
  afterAll(async () => {
    for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
  });

  it('~/.putty when ~/.config/putty does not exist (even if ~/.putty does not either)', async () => {
    const h = await home();
    expect((await puttyUnixDirs(h, {})).sessionsDir).toBe(path.join(h, '.putty', 'sessions'));
  });
  it('~/.config/putty wins as soon as it exists, and ~/.putty is then ignored', async () => {
    const h = await home();
    await fs.mkdir(path.join(h, '.putty', 'sessions'), { recursive: true });
    await fs.mkdir(path.join(h, '.config', 'putty'), { recursive: true });
    expect((await puttyUnixDirs(h, {})).sessionsDir).toBe(path.join(h, '.config', 'putty', 'sessions'));
  });
  it('$XDG_CONFIG_HOME/putty replaces ~/.config/putty; $PUTTYDIR and $PUTTYSESSIONS override all', async () => {
    const h = await home();
    const xdg = path.join(h, 'xdg');
    await fs.mkdir(path.join(xdg, 'putty'), { recursive: true });
    await fs.mkdir(path.join(h, '.config', 'putty'), { recursive: true });
    expect((await puttyUnixDirs(h, { XDG_CONFIG_HOME: xdg })).sessionsDir).toBe(path.join(xdg, 'putty', 'sessions'));
    expect((await puttyUnixDirs(h, { PUTTYDIR: '/p' })).sessionsDir).toBe('/p/sessions');
    expect((await puttyUnixDirs(h, { PUTTYDIR: '/p', PUTTYSESSIONS: '/s' })).sessionsDir).toBe('/s');
  });
});

describe('session file reading (as PuTTY: first of duplicates, split at the first =, CRLF tolerated)', () => {
  it('reads like open_settings_r', () => {
    const m = parseUnixSession('HostName=a=b\r\nPingIntervalSecs=5\nPingIntervalSecs=9\nno equals\n PortNumber=7\n');
    expect(m.get('HostName')?.value).toBe('a=b');
    expect(m.get('PingIntervalSecs')?.value).toBe('5');
    expect(m.get('PortNumber')).toBeUndefined(); // " PortNumber" is a different (unknown) key
    expect(m.get(' PortNumber')?.value).toBe('7');
  });
});
