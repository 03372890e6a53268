import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelNames } from '../../common/contract/channels';
import { recorder } from './test-support/fake-electron';

vi.mock('electron', async () => (await import('./test-support/fake-electron')).electronModule);

const { startApp } = await import('./app');

/** The fields the putty:* answers below are checked on. */
interface PuttyAnswer {
  ok: boolean;
  value?: { label?: string; source?: unknown; sessions?: Array<{ hostName: string }>; download?: unknown };
  error?: { message: string };
}

const trustedEvent = { senderFrame: { url: 'app://keepalive/index.html', parent: null } };

let tmp: string;
beforeEach(() => {
  recorder.reset();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sk-main-'));
  recorder.appPath = tmp;
  recorder.userData = path.join(tmp, 'user-data');
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('electron/main startApp', () => {
  it('creates one window with the secure webPreferences and loads the app:// entry', async () => {
    const win = await startApp();
    expect(win).not.toBeNull();
    expect(recorder.windows).toHaveLength(1);
    const w = recorder.windows[0]!;
    expect(w.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      preload: path.join(tmp, 'dist', 'preload', 'index.cjs'),
    });
    expect(w.options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(w.options.show).toBe(false);
    expect(w.loadedUrl).toBe('app://keepalive/index.html');
    expect(recorder.sandboxEnabled).toBe(true);
    expect(recorder.themeSource).toBe('system');
    w.emit('ready-to-show');
    expect(w.shown).toBe(true);
  });

  it('registers exactly one ipcMain handler per contract channel', async () => {
    await startApp();
    expect([...recorder.ipcHandlers.keys()].sort()).toEqual([...channelNames].sort());
  });

  it('refuses IPC from a frame that is not our app origin, and from subframes', async () => {
    await startApp();
    const handler = recorder.ipcHandlers.get('hosts:list')!;
    const request = { configPath: path.join(tmp, 'config') };
    for (const senderFrame of [
      { url: 'https://evil.example/index.html', parent: null },
      { url: 'file:///etc/passwd', parent: null },
      { url: 'app://other/index.html', parent: null },
      { url: 'app://keepalive/index.html', parent: {} },
      null,
    ]) {
      const answer = (await handler({ senderFrame }, request)) as { ok: boolean; error?: { code: string } };
      expect(answer.ok).toBe(false);
      expect(answer.error?.code).toBe('permission');
    }
  });

  it('answers a trusted sender through the real handlers, validating the request', async () => {
    await startApp();
    const config = path.join(tmp, 'config');
    fs.writeFileSync(config, 'Host alpha\n  ServerAliveInterval 30\n', { mode: 0o600 });
    const handler = recorder.ipcHandlers.get('hosts:list')!;
    const good = (await handler(trustedEvent, { configPath: config })) as { ok: boolean; value?: { hosts: Array<{ pattern?: string }> } };
    expect(good.ok).toBe(true);
    expect(JSON.stringify(good.value)).toContain('alpha');
    const bad = (await handler(trustedEvent, { configPath: 42 })) as { ok: boolean; error?: { code: string } };
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('putty: a file outside PuTTY’s folder is read and changed only once picked in the main-process dialog', async () => {
    const saved = { ...process.env };
    process.env.HOME = tmp; // defaultContext(): the sessions folder and the undo journal under tmp
    for (const k of ['XDG_STATE_HOME', 'XDG_CONFIG_HOME', 'PUTTYDIR', 'PUTTYSESSIONS']) delete process.env[k];
    try {
      await startApp();
      const call = (channel: string, request: unknown) => recorder.ipcHandlers.get(channel)!(trustedEvent, request) as Promise<PuttyAnswer>;
      const reg = path.join(tmp, 'exported.reg');
      const text = 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\a]\r\n"HostName"="a.example"\r\n\r\n';
      fs.writeFileSync(reg, text);
      // The page naming the path itself is refused, and nothing is written.
      const named = await call('putty:enableKeepalive', { source: { kind: 'file', path: reg }, sessions: ['a'], interval: 60 });
      expect(named.error?.message).toMatch(/not in PuTTY's sessions folder/);
      expect(fs.readFileSync(reg, 'utf8')).toBe(text);
      // Cancel: no handle.
      recorder.openDialogAnswer = null;
      expect((await call('putty:pick', { kind: 'file' })).value).toEqual({ source: null, label: '' });
      // Picked in the dialog: the page gets a handle, not the path to reuse.
      recorder.openDialogAnswer = [reg];
      const picked = await call('putty:pick', { kind: 'file' });
      expect(picked.value?.label).toBe(reg);
      expect(picked.value?.source).toEqual({ kind: 'picked', handle: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) });
      expect(JSON.stringify(recorder.dialogs.at(-1))).toContain('openFile');
      const source = picked.value?.source;
      expect((await call('putty:import', { source })).value?.sessions?.map((x) => x.hostName)).toEqual(['a.example']);
      const on = await call('putty:enableKeepalive', { source, sessions: ['a'], interval: 60 });
      expect(on.ok).toBe(true);
      expect(on.value?.download).toBeNull(); // the user's own file was changed in place
      expect(fs.readFileSync(reg, 'utf8')).toContain('"PingInterval"=dword:00000001');
      expect((await call('putty:undoFile', { source })).ok).toBe(true);
      expect(fs.readFileSync(reg, 'utf8')).toBe(text);
    } finally {
      process.env = saved;
    }
  });

  it('pushes config:changed to the window when a listed config file changes on disk', async () => {
    await startApp();
    const config = path.join(tmp, 'config');
    fs.writeFileSync(config, 'Host alpha\n', { mode: 0o600 });
    const handler = recorder.ipcHandlers.get('hosts:list')!;
    expect(await handler(trustedEvent, { configPath: config })).toMatchObject({ ok: true });
    const contents = recorder.windows[0]!.webContents;
    expect(contents.sent).toEqual([]);
    fs.appendFileSync(config, 'Host beta\n');
    const deadline = Date.now() + 5000;
    while (contents.sent.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(contents.sent[0]).toEqual(['config:changed', { configPath: config, files: [config] }]);
    (await import('./test-support/fake-electron')).app.emit('will-quit');
  });

  it('denies every permission request and check, and cancels non-app requests', async () => {
    await startApp();
    const answers: boolean[] = [];
    recorder.permissionRequestHandler!.call(null, ...([{}, 'media', (ok: boolean) => answers.push(ok)] as never[]));
    recorder.permissionRequestHandler!.call(null, ...([{}, 'notifications', (ok: boolean) => answers.push(ok)] as never[]));
    expect(answers).toEqual([false, false]);
    expect(recorder.permissionCheckHandler!.call(null, ...([{}, 'clipboard-read'] as never[]))).toBe(false);
    expect(recorder.devicePermissionHandler!.call(null, ...([{}] as never[]))).toBe(false);
    const cancelled = (url: string): boolean => {
      let out: { cancel?: boolean } = {};
      recorder.beforeRequest!.call(null, ...([{ url }, (r: { cancel?: boolean }) => (out = r)] as never[]));
      return out.cancel === true;
    };
    expect(cancelled('app://keepalive/assets/index.js')).toBe(false);
    expect(cancelled('https://example.com/x.js')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
    expect(cancelled('http://127.0.0.1:8080/')).toBe(true);
  });

  it('denies new windows and navigation; safe https links go to the OS browser only', async () => {
    await startApp();
    const contents = recorder.windows[0]!.webContents;
    expect(contents.windowOpenHandler!({ url: 'https://man.openbsd.org/ssh_config' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-redirect', 'http://evil.example/')).toBe(true);
    expect(contents.fire('will-navigate', 'app://keepalive/index.html')).toBe(false);
    expect(contents.fire('will-attach-webview', {}, {})).toBe(true);
    expect(recorder.openedExternal).toEqual(['https://man.openbsd.org/ssh_config', 'https://evil.example/']);
  });

  it('serves the renderer over app:// with the CSP and refuses path traversal', async () => {
    const rendererDir = path.join(tmp, 'dist', 'renderer');
    fs.mkdirSync(rendererDir, { recursive: true });
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
    fs.writeFileSync(path.join(tmp, 'secret.txt'), 'secret');
    await startApp();
    expect(recorder.privilegedSchemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    const serve = recorder.protocolHandlers.get('app')!;
    const ok = await serve({ url: 'app://keepalive/index.html' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/html');
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(ok.headers.get('content-security-policy')).not.toContain('unsafe-');
    expect(await ok.text()).toContain('<title>x</title>');
    for (const url of ['app://keepalive/../secret.txt', 'app://keepalive/%2e%2e/secret.txt', 'app://keepalive/..%2fsecret.txt', 'app://other/index.html']) {
      expect((await serve({ url })).status).toBe(404);
    }
  });

  it('a second launch quits at once; the first instance focuses its window', async () => {
    const win = await startApp();
    const w = recorder.windows[0]!;
    w.minimized = true;
    recorder.windows[0]!.focused = false;
    (await import('./test-support/fake-electron')).app.emit('second-instance');
    expect(w.minimized).toBe(false);
    expect(w.focused).toBe(true);
    expect(win).not.toBeNull();

    recorder.reset();
    recorder.singleInstanceLock = false;
    expect(await startApp()).toBeNull();
    expect(recorder.quitCalls).toBe(1);
    expect(recorder.windows).toHaveLength(0);
    expect(recorder.ipcHandlers.size).toBe(0);
  });

  it('remembers the window bounds across runs', async () => {
    await startApp();
    const first = recorder.windows[0]!;
    (first.options as { x?: number }).x = 120;
    (first.options as { y?: number }).y = 80;
    (first.options as { width: number }).width = 900;
    first.close();
    const saved = JSON.parse(fs.readFileSync(path.join(recorder.userData, 'window-state.json'), 'utf8'));
    expect(saved).toEqual({ x: 120, y: 80, width: 900, height: 760, maximized: false });

    recorder.reset();
    await startApp();
    expect(recorder.windows[0]!.options).toMatchObject({ x: 120, y: 80, width: 900, height: 760 });
  });

  it('has native menus with the usual roles and an About that shows the version', async () => {
    await startApp();
    const roles = JSON.stringify(recorder.menuTemplate);
    for (const role of ['quit', 'undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'reload', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen', 'minimize']) {
      expect(roles).toContain(`"role":"${role}"`);
    }
    type Item = { label?: string; click?: () => void; submenu?: Item[] };
    const all = (items: Item[]): Item[] => items.flatMap((i) => [i, ...all(i.submenu ?? [])]);
    const about = all(recorder.menuTemplate as Item[]).find((i) => i.label?.startsWith('About'));
    about!.click!();
    expect(JSON.stringify(recorder.dialogs)).toContain('SSH Keepalive 0.1.0');
  });

  it('follows the OS theme for the window frame', async () => {
    const { nativeTheme } = await import('./test-support/fake-electron');
    nativeTheme.shouldUseDarkColors = true;
    await startApp();
    expect(recorder.windows[0]!.options.backgroundColor).toBe('#1b1d21');
    nativeTheme.shouldUseDarkColors = false;
    nativeTheme.emit('updated');
    expect(recorder.windows[0]!.background).toBe('#ffffff');
  });
});
