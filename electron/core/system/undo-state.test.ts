import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashBytes } from '../files/read';
import type { BackupEntry } from './helper/backups';
import { discardUndo, undoInfo } from './undo-state';

/**
 * Undo on "This computer" is offered only while the files are as the helper wrote them; after
 * anyone else edits one, the entry is history with why, and Discard hides it (root's backup stays).
 * Real files in a temp dir stand for /etc/ssh and for the helper's backup directory.
 */
let dir = '';
let backups = '';
let state = '';
let etc = '';
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'undo-state-'));
  backups = path.join(dir, 'backups');
  state = path.join(dir, 'state');
  etc = path.join(dir, 'etc');
  await fs.mkdir(backups);
  await fs.mkdir(etc);
});
afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

const BEFORE = 'Port 22\n';
const AFTER = 'Port 22\nClientAliveInterval 60\n';

async function entry(id: string, file: string): Promise<BackupEntry> {
  const e: BackupEntry = { id, target: 'sshd_config', createdAt: '2025-01-01T00:00:00Z', description: 'ClientAliveInterval 60', files: [{ path: file, copy: null, beforeHash: hashBytes(BEFORE), afterHash: hashBytes(AFTER), mode: 0o644 }] };
  await fs.mkdir(path.join(backups, id));
  await fs.writeFile(path.join(backups, id, 'meta.json'), JSON.stringify(e));
  return e;
}

describe('undoInfo', () => {
  it('offers undo while the file is as the app wrote it; stale once someone else edited it; discard hides it', async () => {
    const file = path.join(etc, 'sshd_config');
    await fs.writeFile(file, AFTER);
    await entry('2025-01-01-a', file);
    expect(await undoInfo('sshd_config', state, backups)).toEqual({ entry: '2025-01-01-a', description: 'ClientAliveInterval 60', createdAt: '2025-01-01T00:00:00Z' });

    await fs.writeFile(file, AFTER + 'MaxSessions 4\n');
    expect((await undoInfo('sshd_config', state, backups))?.stale).toBe(`${file} changed since SSH Keepalive wrote it; undoing would lose that change`);
    await fs.writeFile(file, BEFORE);
    expect((await undoInfo('sshd_config', state, backups))?.stale).toBe('the files are already as they were before this change');

    // Only the newest entry can be discarded (another would be a newer change the user has not seen).
    expect(await discardUndo('sshd_config', state, 'older', backups)).toBe(false);
    expect(await discardUndo('sshd_config', state, '2025-01-01-a', backups)).toBe(true);
    expect(await undoInfo('sshd_config', state, backups)).toBeNull();
    expect((await fs.stat(path.join(state, 'discarded-system-undo.json'))).mode & 0o777).toBe(0o600);
    // The backup itself is still there.
    await expect(fs.stat(path.join(backups, '2025-01-01-a', 'meta.json'))).resolves.toBeTruthy();

    // A newer change is offered again.
    await fs.writeFile(file, AFTER);
    await entry('2025-01-02-b', file);
    expect(await undoInfo('sshd_config', state, backups)).toMatchObject({ entry: '2025-01-02-b' });
  });
});
