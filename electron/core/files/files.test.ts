import { chownSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, unlinkSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../common/contract/errors';
import { canUndo, hashBytes, readConfigFile, recordChange, undoableChange, undoLast, writeFileAtomic } from './index';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'ka-files-'));

describe('writeFileAtomic', () => {
  it('replaces the file, keeping its mode and owner, and leaves no temp file', async () => {
    const dir = tmp();
    const file = path.join(dir, 'config');
    writeFileSync(file, 'Host a\n', { mode: 0o640 });
    if (process.getuid?.() === 0) chownSync(file, 65534, 65534);
    const before = await readConfigFile(file);
    await writeFileAtomic(file, Buffer.from('Host b\n'), { baseHash: before.hash });
    const st = statSync(file);
    expect(readFileSync(file, 'utf8')).toBe('Host b\n');
    expect(st.mode & 0o777).toBe(0o640);
    if (process.getuid?.() === 0) expect([st.uid, st.gid]).toEqual([65534, 65534]);
    expect(readdirSync(dir)).toEqual(['config']);
  });

  it('refuses, writing nothing, when the file changed since it was read', async () => {
    const dir = tmp();
    const file = path.join(dir, 'config');
    writeFileSync(file, 'Host a\n');
    const seen = await readConfigFile(file);
    writeFileSync(file, 'Host a\n# edited elsewhere\n');
    const err = await writeFileAtomic(file, Buffer.from('Host b\n'), { baseHash: seen.hash }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('conflict');
    expect(readFileSync(file, 'utf8')).toBe('Host a\n# edited elsewhere\n');
  });

  it('creates a missing file with mode 600 and its directory with 700', async () => {
    const dir = tmp();
    const file = path.join(dir, '.ssh', 'config');
    await writeFileAtomic(file, Buffer.from('Host *\n'), { baseHash: '', newFileMode: 0o600, newDirMode: 0o700 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  });

  it('refuses to create a file that appeared meanwhile', async () => {
    const dir = tmp();
    const file = path.join(dir, 'config');
    writeFileSync(file, 'x');
    await expect(writeFileAtomic(file, Buffer.from('y'), { baseHash: '' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('reads non-UTF-8 bytes so that writing them back is byte-identical', async () => {
    const dir = tmp();
    const file = path.join(dir, 'config');
    const bytes = Buffer.from([0x48, 0x6f, 0x73, 0x74, 0x20, 0xe9, 0x0a]); // "Host \xe9\n" (latin1)
    writeFileSync(file, bytes);
    const r = await readConfigFile(file);
    expect(r.encoding).toBe('latin1');
    expect(Buffer.from(r.text, r.encoding).equals(bytes)).toBe(true);
  });
});

describe('backup journal', () => {
  it('undo restores the exact bytes, newest change first, then has nothing left', async () => {
    const dir = tmp();
    const state = path.join(dir, 'state');
    const file = path.join(dir, 'config');
    const v1 = 'Host a\r\n  User x  \r\n';
    writeFileSync(file, v1);
    const o1 = await writeFileAtomic(file, Buffer.from('v2'), { baseHash: hashBytes(v1) });
    await recordChange(state, file, 'first', [o1]);
    const o2 = await writeFileAtomic(file, Buffer.from('v3'), { baseHash: hashBytes('v2') });
    await recordChange(state, file, 'second', [o2]);
    expect((await undoLast(state, file)).description).toBe('second');
    expect(readFileSync(file, 'utf8')).toBe('v2');
    await undoLast(state, file);
    expect(readFileSync(file, 'utf8')).toBe(v1);
    expect(await canUndo(state, file)).toBe(false);
    await expect(undoLast(state, file)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('undo of a created file removes it; undo refuses after a foreign edit', async () => {
    const dir = tmp();
    const state = path.join(dir, 'state');
    const file = path.join(dir, 'config');
    const o = await writeFileAtomic(file, Buffer.from('Host *\n'), { baseHash: '' });
    await recordChange(state, file, 'create', [o]);
    expect(await canUndo(state, file)).toBe(true);
    expect(await undoableChange(state, file)).toEqual({ description: 'create' });
    writeFileSync(file, 'Host *\n# mine\n');
    expect(await canUndo(state, file)).toBe(false);
    expect(await undoableChange(state, file)).toBeNull();
    await expect(undoLast(state, file)).rejects.toMatchObject({ code: 'conflict' });
    expect(readFileSync(file, 'utf8')).toBe('Host *\n# mine\n');
    writeFileSync(file, 'Host *\n');
    expect(await canUndo(state, file)).toBe(true);
    await undoLast(state, file);
    expect(existsSync(file)).toBe(false);
  });

  it('undo of a write that did not follow links (a PuTTY session file) never writes through a link planted since', async () => {
    const dir = tmp();
    const state = path.join(dir, 'state');
    const sessions = path.join(dir, 'sessions');
    mkdirSync(sessions, { mode: 0o700 });
    const file = path.join(sessions, 'web1');
    writeFileSync(file, 'HostName=web1\n');
    const o = await writeFileAtomic(file, Buffer.from('HostName=web1\nPingIntervalSecs=60\n'), { baseHash: (await readConfigFile(file)).hash, noFollow: true });
    await recordChange(state, sessions, 'keepalive', [o]);
    // The session file becomes a link to another file holding the same bytes (so the hash check passes).
    const victim = path.join(dir, 'victim');
    writeFileSync(victim, 'HostName=web1\nPingIntervalSecs=60\n');
    unlinkSync(file);
    symlinkSync(victim, file);
    await expect(undoLast(state, sessions)).rejects.toMatchObject({ code: 'permission' });
    expect(readFileSync(victim, 'utf8')).toBe('HostName=web1\nPingIntervalSecs=60\n');
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
  });

  it('undo of a write that followed a link (a dotfiles-managed ~/.ssh/config) follows it again', async () => {
    const dir = tmp();
    const state = path.join(dir, 'state');
    const real = path.join(dir, 'dotfiles-config');
    const link = path.join(dir, 'config');
    writeFileSync(real, 'Host a\n');
    symlinkSync(real, link);
    const o = await writeFileAtomic(link, Buffer.from('Host b\n'), { baseHash: (await readConfigFile(link)).hash });
    await recordChange(state, link, 'edit', [o]);
    await undoLast(state, link);
    expect(readFileSync(real, 'utf8')).toBe('Host a\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('keeps only the newest `keep` entries of a scope when asked (uploads keep few)', async () => {
    const dir = tmp();
    const state = path.join(dir, 'state');
    const file = path.join(dir, 'config');
    writeFileSync(file, 'v0\n');
    for (let i = 1; i <= 4; i++) {
      const o = await writeFileAtomic(file, Buffer.from(`v${i}\n`), { baseHash: (await readConfigFile(file)).hash });
      await recordChange(state, file, `v${i}`, [o], { keep: 2 });
    }
    const scopes = readdirSync(path.join(state, 'backups'));
    expect(readdirSync(path.join(state, 'backups', scopes[0]!))).toHaveLength(2);
    expect(statSync(path.join(state, 'backups')).mode & 0o777).toBe(0o700);
    expect((await undoLast(state, file)).description).toBe('v4');
    expect((await undoLast(state, file)).description).toBe('v3');
    await expect(undoLast(state, file)).rejects.toMatchObject({ code: 'not-found' });
  });
});
