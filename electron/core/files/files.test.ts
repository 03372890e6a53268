import { chownSync, mkdtempSync, readFileSync, statSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
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
});
