import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readConfigFile, writeFileAtomic } from '../files';
import { enableKeepaliveInPath } from './enable';
import { importFromPath, MAX_DIR_ENTRIES, MAX_SESSION_FILE_BYTES, writeUnixSessionFiles } from './store';

/**
 * A sessions folder is read and written as PuTTY's own folder: its plain files only. A symlink in it
 * (`beta -> ~/.profile`) is skipped and named, so "turn keepalive on" never writes outside it.
 */
let tmp = '';
let dir = '';
let outside = '';
const outsideBytes = Buffer.from('# ~/.profile\nexport EDITOR=vi\n');
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'putty-store-'));
  dir = path.join(tmp, 'sessions');
  outside = path.join(tmp, 'profile');
  await fs.mkdir(dir);
  await fs.writeFile(outside, outsideBytes);
  await fs.writeFile(path.join(dir, 'alpha'), 'HostName=alpha.example\n');
  await fs.symlink(outside, path.join(dir, 'beta'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('a sessions folder holding a symlink', () => {
  it('lists the plain sessions and names the symlink as skipped', async () => {
    const r = await importFromPath(dir);
    expect(r.sessions.map((s) => s.name)).toEqual(['alpha']);
    expect(r.skipped).toEqual([{ name: 'beta', reason: expect.stringMatching(/symbolic link/) }]);
  });

  it('turning keepalive on leaves the link target byte-identical and says which entry was skipped', async () => {
    const { changed, result } = await enableKeepaliveInPath(path.join(tmp, 'state'), dir, ['alpha'], 60);
    expect(changed).toEqual([path.join(dir, 'alpha')]);
    expect((await fs.readFile(outside)).equals(outsideBytes)).toBe(true);
    expect(result.skipped.map((s) => s.name)).toEqual(['beta']);
  });

  it('naming the symlinked session is refused with a clear error, and nothing is written', async () => {
    await expect(enableKeepaliveInPath(path.join(tmp, 'state'), dir, ['alpha', 'beta'], 60)).rejects.toThrow(/beta.*symbolic link/);
    expect((await fs.readFile(outside)).equals(outsideBytes)).toBe(true);
    expect(await fs.readFile(path.join(dir, 'alpha'), 'utf8')).toBe('HostName=alpha.example\n');
  });

  it('saving a session over a symlinked name is refused: the link target stays byte-identical', async () => {
    await expect(writeUnixSessionFiles(path.join(tmp, 'state'), dir, [{ file: 'beta', entries: [{ key: 'HostName', value: 'b' }] }])).rejects.toThrow(/symbolic link/);
    expect((await fs.readFile(outside)).equals(outsideBytes)).toBe(true);
    expect((await fs.lstat(path.join(dir, 'beta'))).isSymbolicLink()).toBe(true);
  });

  it('the atomic write itself refuses the link (noFollow), even when the bytes it read through it match', async () => {
    const base = await readConfigFile(path.join(dir, 'beta'));
    await expect(writeFileAtomic(path.join(dir, 'beta'), Buffer.from('PingInterval=1\n'), { baseHash: base.hash, noFollow: true })).rejects.toThrow(/symbolic link/);
    expect((await fs.readFile(outside)).equals(outsideBytes)).toBe(true);
    expect((await fs.lstat(path.join(dir, 'beta'))).isSymbolicLink()).toBe(true);
  });

  it('a symlinked directory and a subdirectory are skipped too (PuTTY reads plain files)', async () => {
    await fs.mkdir(path.join(tmp, 'elsewhere'));
    await fs.writeFile(path.join(tmp, 'elsewhere', 'x'), 'HostName=x\n');
    await fs.symlink(path.join(tmp, 'elsewhere'), path.join(dir, 'gamma'));
    await fs.mkdir(path.join(dir, 'sub'));
    const r = await importFromPath(dir);
    expect(r.sessions.map((s) => s.name)).toEqual(['alpha']);
    expect(r.skipped.map((s) => s.name)).toEqual(['beta', 'gamma', 'sub']);
  });
});

describe('limits', () => {
  it(`a folder of more than ${MAX_DIR_ENTRIES} entries is refused with a clear error`, async () => {
    await Promise.all(Array.from({ length: MAX_DIR_ENTRIES }, (_, i) => fs.writeFile(path.join(dir, `s${i}`), '')));
    await expect(importFromPath(dir)).rejects.toThrow(/more than 2,000 entries/);
  });

  it('a session file over the size limit is skipped and named; a single file over it is refused', async () => {
    const big = path.join(dir, 'huge');
    await fs.writeFile(big, Buffer.alloc(MAX_SESSION_FILE_BYTES + 1, 0x41));
    const r = await importFromPath(dir);
    expect(r.sessions.map((s) => s.name)).toEqual(['alpha']);
    expect(r.skipped.find((s) => s.name === 'huge')?.reason).toMatch(/larger than 1 MB/);
    await expect(importFromPath(big)).rejects.toThrow(/larger than 1 MB/);
  });
});
