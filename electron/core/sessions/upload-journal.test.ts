import { promises as fs, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultContext } from '../kernel/context';
import { dispatch } from '../kernel/dispatch';
import { createHandlers } from '../handlers';

/**
 * An upload's undo copies (security review F8): a changed upload is journaled beside the app's copy
 * of it, a few entries at most, and both go when the upload is forgotten; nothing lands in the
 * user's own backup journal, where a token holder could grow copies of uploaded files for ever.
 */
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

const WINSCP = '[Sessions\\web1]\r\nHostName=web1.example\r\n';

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = path.join(dir, e.name);
    out.push(p);
    if (e.isDirectory()) out.push(...(await walk(p)));
  }
  return out;
}

describe('uploads and the undo journal', () => {
  it('journals an upload beside its copy (a few entries), never in the user\'s journal; forgetting the upload drops both', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'ska-upload-journal-'));
    dirs.push(home);
    const state = path.join(home, 'state');
    const handlers = createHandlers(defaultContext({ homeDir: home, stateDir: state, systemConfigPath: null, localUser: 'me', platform: 'linux' }));
    const call = async (channel: string, req: unknown) => {
      const r = await dispatch(handlers, channel as never, req as never);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as Record<string, unknown>;
    };
    const up = await call('putty:upload', { name: 'WinSCP.ini', base64: Buffer.from(WINSCP).toString('base64') });
    const source = up.source as { kind: 'picked'; handle: string };
    const downloads = new Map<number, string>();
    for (const interval of [10, 20, 30, 40, 50, 60, 70]) {
      const r = await call('putty:enableKeepalive', { source, sessions: ['web1'], interval });
      downloads.set(interval, (r.download as { base64: string }).base64);
    }
    expect(await walk(path.join(state, 'backups')), 'upload copies in the user\'s own journal').toEqual([]);
    const entries = (await walk(path.join(state, 'uploads'))).filter((p) => p.endsWith('meta.json'));
    expect(entries).toHaveLength(5);
    for (const p of entries) expect((await fs.stat(p)).mode & 0o777).toBe(0o600);
    const undone = await call('putty:undoFile', { source });
    expect((undone.download as { base64: string }).base64).toBe(downloads.get(60));

    // The upload is forgotten (64 newer picks): its copy and its journal are removed with it.
    const journalOf = (await walk(path.join(state, 'uploads'))).filter((p) => p.endsWith(`${source.handle}.journal`));
    expect(journalOf).toHaveLength(1);
    for (let i = 0; i < 64; i++) await call('putty:upload', { name: `s${i}`, base64: Buffer.from('HostName=x\n').toString('base64') });
    await expect.poll(async () => (await walk(path.join(state, 'uploads'))).filter((p) => p.includes(source.handle))).toEqual([]);
  });
});
