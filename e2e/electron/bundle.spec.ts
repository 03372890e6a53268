/**
 * The BUNDLED main process and preload (dist/, what electron-builder packs), run under Node with the
 * recording stand-in for `electron`: catches what only bundling can break (CJS output, trimmed zod
 * locales, paths relative to the bundle) on machines without the Electron binary.
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkAnswer } from '../../common/contract/bridge-checks';
import { recorder, electronModule } from '../../electron/main/test-support/fake-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const mainBundle = path.join(root, 'dist', 'main', 'index.cjs');
const preloadBundle = path.join(root, 'dist', 'preload', 'index.cjs');

type Loader = { _load(request: string, parent: unknown, isMain: boolean): unknown };

/** Loads a CJS bundle with `require('electron')` answered by `fake`. */
function loadWithElectron(bundle: string, fake: unknown): void {
  const loader = Module as unknown as Loader;
  const original = loader._load;
  loader._load = function (request, parent, isMain) {
    if (request === 'electron') return fake;
    return original.call(this, request, parent, isMain);
  };
  try {
    delete (Module as unknown as { _cache: Record<string, unknown> })._cache[bundle];
    Module.createRequire(bundle)(bundle);
  } finally {
    loader._load = original;
  }
}

test.describe('bundled Electron code under a stand-in electron module', () => {
  test.skip(!fs.existsSync(mainBundle) || !fs.existsSync(preloadBundle), 'dist/ is not built (npm run build)');

  test('dist/main/index.cjs opens the secure window and answers hosts:list', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sk-bundle-'));
    try {
      recorder.reset();
      recorder.appPath = root;
      recorder.userData = path.join(tmp, 'user-data');
      loadWithElectron(mainBundle, electronModule);
      await expect.poll(() => recorder.windows.length).toBe(1);
      const win = recorder.windows[0]!;
      expect(win.loadedUrl).toBe('app://keepalive/index.html');
      expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: preloadBundle });
      expect(fs.existsSync((win.options.webPreferences as { preload: string }).preload)).toBe(true);

      const index = await recorder.protocolHandlers.get('app')!({ url: 'app://keepalive/' });
      expect(index.status).toBe(200);
      expect(await index.text()).toContain('<div id="root">');

      const config = path.join(tmp, 'config');
      fs.writeFileSync(config, 'Host gamma\n  ServerAliveInterval 45\n', { mode: 0o600 });
      const list = recorder.ipcHandlers.get('hosts:list')!;
      // On the wire the rows are a host table; the page's bridge decodes it through the contract.
      const wire = await list({ senderFrame: { url: 'app://keepalive/index.html', parent: null } }, { configPath: config });
      expect(wire).toMatchObject({ ok: true });
      const answer = checkAnswer('hosts:list', wire);
      if (!answer.ok) throw new Error(`the bundle's answer does not decode: ${answer.error.message}`);
      expect(answer.value.hosts.map((h) => [h.pattern, h.values.serverAliveInterval.value])).toEqual([['gamma', 45]]);
      const refused = (await list({ senderFrame: { url: 'https://evil.example/', parent: null } }, { configPath: config })) as { ok: boolean };
      expect(refused.ok).toBe(false);
      recorder.app.emit('will-quit');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('dist/preload/index.cjs exposes only window.keepalive and validates with readable messages', async () => {
    const exposed: Record<string, { invoke(c: string, r: unknown): Promise<unknown>; shell: string }> = {};
    const sent: unknown[] = [];
    loadWithElectron(preloadBundle, {
      contextBridge: { exposeInMainWorld: (key: string, api: never) => (exposed[key] = api) },
      ipcRenderer: { invoke: async (...a: unknown[]) => sent.push(a), on: () => undefined, removeListener: () => undefined },
    });
    expect(Object.keys(exposed)).toEqual(['keepalive']);
    expect(exposed.keepalive!.shell).toBe('electron');
    const err = (await exposed.keepalive!.invoke('hosts:list', { configPath: 42 }).catch((e: unknown) => e)) as { code: string; message: string };
    expect(err.code).toBe('invalid-input');
    // zod's English messages survive the locale trimming in scripts/build.mjs.
    expect(err.message).toMatch(/^configPath: Invalid input: expected string, received number$/);
    expect(sent).toEqual([]);
  });
});
