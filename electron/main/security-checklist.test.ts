/**
 * Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security), item by
 * item, asserted against what the real main-process code sets up (run against the recording
 * stand-in for `electron`) and, where an item is about what the code must never do, against the
 * sources themselves.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseV1Options } from '@electron/fuses';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { contentSecurityPolicy } from '../shell/csp';
import { recorder, type FakeBrowserWindow } from './test-support/fake-electron';

vi.mock('electron', async () => (await import('./test-support/fake-electron')).electronModule);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

function sources(dir: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'test-support') out.push(...sources(full));
    } else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
      out.push([path.relative(root, full), fs.readFileSync(full, 'utf8')]);
    }
  }
  return out;
}
const appSources = [...sources(path.join(root, 'electron')), ...sources(path.join(root, 'renderer'))];
const grep = (re: RegExp) => appSources.filter(([, text]) => re.test(text)).map(([file]) => file);

let win: FakeBrowserWindow;
let prefs: Record<string, unknown>;
beforeAll(async () => {
  recorder.reset();
  recorder.appPath = fs.mkdtempSync(path.join(os.tmpdir(), 'sk-checklist-'));
  recorder.userData = path.join(recorder.appPath, 'user-data');
  const { startApp } = await import('./app');
  await startApp();
  win = recorder.windows[0]!;
  prefs = win.options.webPreferences as Record<string, unknown>;
});

describe('Electron security checklist', () => {
  it('1. only secure content: the app loads app:// and the session cancels http(s), file and ftp', () => {
    expect(win.loadedUrl).toMatch(/^app:\/\/keepalive\//);
    for (const url of ['http://example.com/', 'https://example.com/', 'file:///etc/hosts', 'ftp://example.com/', 'ws://127.0.0.1/']) {
      let answer: { cancel?: boolean } = {};
      recorder.beforeRequest!.call(null, ...([{ url }, (a: { cancel?: boolean }) => (answer = a)] as never[]));
      expect(answer.cancel, url).toBe(true);
    }
  });

  it('2. Node integration is off for every renderer, worker and subframe, and never turned on in the code', () => {
    expect(prefs).toMatchObject({ nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false });
    expect(grep(/nodeIntegration\w*\s*:\s*true/)).toEqual([]);
  });

  it('3. context isolation is on', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(grep(/contextIsolation\s*:\s*false/)).toEqual([]);
  });

  it('4. every renderer is sandboxed', () => {
    expect(prefs.sandbox).toBe(true);
    expect(recorder.sandboxEnabled).toBe(true);
    expect(grep(/sandbox\s*:\s*false|no-sandbox/)).toEqual([]);
  });

  it('5. permission requests and checks are denied', () => {
    let granted: boolean | null = null;
    recorder.permissionRequestHandler!.call(null, ...([{}, 'geolocation', (ok: boolean) => (granted = ok)] as never[]));
    expect(granted).toBe(false);
    expect(recorder.permissionCheckHandler!.call(null, ...([{}, 'media'] as never[]))).toBe(false);
  });

  it('6. web security is never disabled', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(grep(/webSecurity\s*:\s*false/)).toEqual([]);
  });

  it('7. a strict Content-Security-Policy on every response', () => {
    const csp = contentSecurityPolicy('electron');
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    // The window talks over IPC only: no connection of any kind (the web shell adds connect-src 'self').
    expect(csp).not.toMatch(/connect-src/);
    let headers: Record<string, string[]> = {};
    recorder.headersReceived!.call(null, ...([{ responseHeaders: {} }, (r: { responseHeaders: Record<string, string[]> }) => (headers = r.responseHeaders)] as never[]));
    expect(headers['Content-Security-Policy']).toEqual([csp]);
  });

  it('8-10. no insecure content, no experimental features, no Blink feature opt-ins', () => {
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(grep(/allowRunningInsecureContent\s*:\s*true|experimentalFeatures\s*:\s*true|enableBlinkFeatures/)).toEqual([]);
  });

  it('11-12. no <webview>: the tag is disabled and attaching one is prevented', () => {
    expect(prefs.webviewTag).toBe(false);
    expect(win.webContents.fire('will-attach-webview', {}, {})).toBe(true);
  });

  it('13. navigation away from the app is prevented', () => {
    expect(win.webContents.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(win.webContents.fire('will-navigate', 'app://keepalive/index.html')).toBe(false);
  });

  it('14. new windows are denied', () => {
    expect(win.webContents.windowOpenHandler!({ url: 'app://keepalive/index.html' })).toEqual({ action: 'deny' });
  });

  it('15. shell.openExternal is called in one place, behind the https-only guard', () => {
    const callers = appSources.flatMap(([file, text]) => [...text.matchAll(/shell\.openExternal\(/g)].map(() => file));
    expect(callers).toEqual(['electron/main/app.ts']);
    const app = fs.readFileSync(path.join(root, 'electron/main/app.ts'), 'utf8');
    expect(app).toMatch(/if \(isSafeExternalUrl\(url\)\) void shell\.openExternal\(url\)/);
  });

  it('16. Electron is current (45 or later)', () => {
    const version = (require('electron/package.json') as { version: string }).version;
    expect(Number(version.split('.')[0])).toBeGreaterThanOrEqual(45);
  });

  it('17. the sender of every IPC message is validated', async () => {
    expect(recorder.ipcHandlers.size).toBeGreaterThan(0);
    for (const [channel, handler] of recorder.ipcHandlers) {
      const answer = (await handler({ senderFrame: { url: 'https://evil.example/', parent: null } }, {})) as { ok: boolean; error?: { code: string } };
      expect(answer, channel).toMatchObject({ ok: false, error: { code: 'permission' } });
    }
  });

  it('18. no file:// for the app; file: loses its extra privileges (fuse)', () => {
    expect(win.loadedUrl!.startsWith('file:')).toBe(false);
    const { fuses } = require('../../build/fuses.cjs') as { fuses: Record<string, boolean> };
    expect(fuses.GrantFileProtocolExtraPrivileges).toBe(false);
  });

  it('19. fuses: every fuse decided; no NODE_OPTIONS, no --inspect, asar only and integrity-checked', () => {
    const { fuses } = require('../../build/fuses.cjs') as { fuses: Record<string, boolean> };
    const names = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
    expect(Object.keys(fuses).sort()).toEqual(names.sort());
    expect(fuses).toMatchObject({
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      EnableCookieEncryption: true,
    });
    // RunAsNode stays on for the privileged helper; the decision must be written down.
    const doc = fs.readFileSync(path.join(root, 'docs/security.md'), 'utf8');
    expect(doc).toMatch(/RunAsNode/);
    expect(doc).toContain(`RunAsNode: ${fuses.RunAsNode ? 'enabled' : 'disabled'}`);
  });

  it('20. no Electron API reaches the page: the preload exposes only window.keepalive {invoke, on, shell}', async () => {
    const exposed: Array<[string, Record<string, unknown>]> = [];
    vi.resetModules();
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push([key, api]) },
      ipcRenderer: { invoke: async () => null, on: () => undefined, removeListener: () => undefined },
    }));
    await import('../preload/index');
    expect(exposed.map(([k]) => k)).toEqual(['keepalive']);
    expect(Object.keys(exposed[0]![1]).sort()).toEqual(['invoke', 'on', 'shell']);
    expect(grep(/\bremote\b.*from 'electron'|@electron\/remote|executeJavaScript|\beval\(|new Function\(/)).toEqual([]);
    vi.doUnmock('electron');
  });
});
