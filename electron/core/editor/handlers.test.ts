import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../handlers';
import { defaultContext } from '../kernel/context';
import { dispatch } from '../kernel/dispatch';

let home: string;
let config: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'sk-editor-core-'));
  fs.mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
  config = path.join(home, '.ssh', 'config');
  fs.writeFileSync(config, 'Host a\n  ServerAliveInterval 30\n', { mode: 0o600 });
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

describe('editor:open in the core', () => {
  it('where the shell cannot start programs (the web host): unsupported, and a copyable path is the answer', async () => {
    const handlers = createHandlers(defaultContext({ homeDir: home, stateDir: path.join(home, 'state'), systemConfigPath: null, platform: 'linux' }));
    const r = await dispatch(handlers, 'editor:open', { configPath: '', file: config, line: 1 });
    expect(r).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });

  it("hands the shell's opener only a file of the snapshot that exists, with its line", async () => {
    const opened: Array<[string, number]> = [];
    const ctx = defaultContext({ homeDir: home, stateDir: path.join(home, 'state'), systemConfigPath: null, platform: 'linux' });
    const handlers = createHandlers({ ...ctx, openInEditor: async (file, line) => (opened.push([file, line]), { how: 'editor', program: 'code' }) });
    expect(await dispatch(handlers, 'editor:open', { configPath: '', file: config, line: 2 })).toEqual({ ok: true, value: { how: 'editor', program: 'code' } });
    expect(await dispatch(handlers, 'editor:open', { configPath: '', file: path.join(home, '.ssh', 'id_ed25519'), line: 1 })).toMatchObject({ ok: false, error: { code: 'permission' } });
    fs.rmSync(config);
    expect(await dispatch(handlers, 'editor:open', { configPath: '', file: config, line: 1 })).toMatchObject({ ok: false });
    expect(opened).toEqual([[config, 2]]);
  });
});
