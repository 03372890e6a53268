import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate } from './menu';
import { isAppUrl, isSafeExternalUrl } from './origin';
import { contentTypeOf } from '../shell/mime';
import { resolveAppFile } from './protocol-files';
import { DEFAULT_WINDOW_STATE, fitToDisplays, parseWindowState } from './window-state';

describe('origin checks', () => {
  it('accepts only our app origin', () => {
    expect(isAppUrl('app://keepalive/index.html')).toBe(true);
    expect(isAppUrl('app://keepalive/')).toBe(true);
    for (const url of ['app://keepalive.evil/index.html', 'app://other/', 'https://keepalive/', 'file:///index.html', 'app://user:pw@keepalive/', '', null, undefined, 'not a url']) {
      expect(isAppUrl(url)).toBe(false);
    }
  });
  it('hands only plain https links to the OS browser', () => {
    expect(isSafeExternalUrl('https://man.openbsd.org/ssh_config')).toBe(true);
    for (const url of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@example.com/', 'ms-msdt:/id', 'garbage']) {
      expect(isSafeExternalUrl(url)).toBe(false);
    }
  });
});

describe('app:// file resolution', () => {
  const root = path.resolve('/srv/app/dist/renderer');
  it('maps paths inside the renderer build', () => {
    expect(resolveAppFile('app://keepalive/', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile('app://keepalive/assets/index-abc.js?x=1#y', root)).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveAppFile('app://keepalive/a%20b.css', root)).toBe(path.join(root, 'a b.css'));
  });
  it('never maps outside the build (URL parsing folds dot segments into the root)', () => {
    for (const url of ['app://keepalive/%2e%2e/%2e%2e/etc/passwd', 'app://keepalive/../../etc/passwd', 'app://keepalive/a/./../../x']) {
      const file = resolveAppFile(url, root);
      expect(file === null || file.startsWith(root + path.sep), url).toBe(true);
    }
  });
  it('refuses anything that leaves the build or is not ours', () => {
    for (const url of [
      'app://keepalive/assets/..%2f..%2fsecret',
      'app://keepalive/..%5c..%5csecret',
      'app://keepalive/%00.js',
      'app://keepalive/%E0%A4%A',
      'app://evil/index.html',
      'file:///etc/passwd',
    ]) {
      expect(resolveAppFile(url, root), url).toBeNull();
    }
  });
  it('serves the types vite emits', () => {
    expect(contentTypeOf('a.js')).toMatch(/javascript/);
    expect(contentTypeOf('a.css')).toMatch(/text\/css/);
    expect(contentTypeOf('a.svg')).toBe('image/svg+xml');
    expect(contentTypeOf('a.weird')).toBe('application/octet-stream');
  });
});

describe('window state', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1040 }];
  it('falls back to defaults for a missing or damaged file', () => {
    expect(parseWindowState(null)).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState('{not json')).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState('{"width":-5,"height":10,"maximized":false}')).toEqual(DEFAULT_WINDOW_STATE);
  });
  it('keeps a position that is still on a display', () => {
    expect(fitToDisplays({ x: 100, y: 50, width: 800, height: 600, maximized: true }, screen)).toEqual({ x: 100, y: 50, width: 800, height: 600, maximized: true });
  });
  it('drops a position on a display that is gone, and shrinks to the screen', () => {
    expect(fitToDisplays({ x: 4000, y: 50, width: 800, height: 600, maximized: false }, screen)).toEqual({ width: 800, height: 600, maximized: false });
    expect(fitToDisplays({ width: 5000, height: 3000, maximized: false }, screen)).toEqual({ width: 1920, height: 1040, maximized: false });
  });
});

describe('menu', () => {
  const actions = { appName: 'SSH Keepalive', showAbout: () => {}, openHelp: () => {} };
  it('puts About in the app menu on macOS and in Help elsewhere', () => {
    const mac = buildMenuTemplate({ ...actions, isMac: true, devTools: false });
    expect(mac[0]!.label).toBe('SSH Keepalive');
    expect(JSON.stringify(mac[0]!.submenu)).toContain('About SSH Keepalive');
    const linux = buildMenuTemplate({ ...actions, isMac: false, devTools: false });
    expect(JSON.stringify(linux.at(-1)!.submenu)).toContain('About SSH Keepalive');
  });
  it('offers developer tools only in development', () => {
    expect(JSON.stringify(buildMenuTemplate({ ...actions, isMac: false, devTools: false }))).not.toContain('toggleDevTools');
    expect(JSON.stringify(buildMenuTemplate({ ...actions, isMac: false, devTools: true }))).toContain('toggleDevTools');
  });
});
