/**
 * The Electron window end to end: the real main process, preload and renderer.
 * - An app unpacked by `npm run dist -- --dir` (release/<platform>-unpacked, or SSH_KEEPALIVE_APP):
 *   what ships, fuses and all. Its fuses turn the Node inspector off, which `_electron` needs, so
 *   the window is driven over Chromium's DevTools protocol instead.
 * - Otherwise the development binary (node_modules/electron/dist, or SSH_KEEPALIVE_ELECTRON) with
 *   Playwright's `_electron`, running dist/ from the repo.
 * Where neither exists (like these CI machines) every test is skipped and the reason printed.
 */
import { _electron as electron, chromium, expect, test, type Browser, type ElectronApplication, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary, findPackagedApp } from '../../scripts/electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const packaged = process.env.SSH_KEEPALIVE_APP ?? findPackagedApp(root);
const found = process.env.SSH_KEEPALIVE_ELECTRON ? { path: process.env.SSH_KEEPALIVE_ELECTRON } : findElectronBinary(root);
const built = fs.existsSync(path.join(root, 'dist', 'main', 'index.cjs')) && fs.existsSync(path.join(root, 'dist', 'renderer', 'index.html'));
const skipReason = packaged
  ? null
  : !found.path
    ? `Electron e2e skipped: ${found.reason}, and no app unpacked by \`npm run dist -- --dir\` in release/`
    : !built
      ? 'Electron e2e skipped: dist/ is not built (npm run build)'
      : null;
if (skipReason) process.stderr.write(`${skipReason}\n`);

test.describe('Electron window', () => {
  test.skip(skipReason !== null, skipReason ?? '');

  let xvfb: ChildProcess | null = null;
  let home: string;
  let app: ElectronApplication | null = null;
  let packagedProcess: ChildProcess | null = null;
  let cdp: Browser | null = null;
  let page: Page;
  const windowCount = async (): Promise<number> => (app ? app.windows().length : cdp!.contexts().flatMap((c) => c.pages()).length);

  test.beforeAll(async () => {
    const env: Record<string, string> = { ...(process.env as Record<string, string>) };
    delete env.ELECTRON_RUN_AS_NODE;
    if (process.platform === 'linux' && !env.DISPLAY) {
      // A headless Linux machine: a private X server for the window.
      const display = `:${90 + Math.floor(Math.random() * 100)}`;
      xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, 500));
      env.DISPLAY = display;
    }
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'sk-electron-home-'));
    fs.mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
    fs.writeFileSync(path.join(home, '.ssh', 'config'), 'Host alpha\n  HostName alpha.example\n\nHost beta\n  ServerAliveInterval 30\n', { mode: 0o600 });
    env.HOME = home;
    env.USERPROFILE = home;
    env.XDG_CONFIG_HOME = path.join(home, '.config');
    // Chromium will not start its sandbox as root; CI runs as root, so only there is it relaxed.
    const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    if (packaged) {
      packagedProcess = spawn(packaged, ['--remote-debugging-port=0', ...rootArgs], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      const ws = await new Promise<string>((resolve, reject) => {
        let text = '';
        const timer = setTimeout(() => reject(new Error(`no DevTools endpoint from ${packaged}: ${text}`)), 30_000);
        packagedProcess!.stderr!.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          const m = /DevTools listening on (ws:\/\/\S+)/.exec(text);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      cdp = await chromium.connectOverCDP(ws);
      const context = cdp.contexts()[0]!;
      page = context.pages()[0] ?? (await context.waitForEvent('page'));
    } else {
      app = await electron.launch({ executablePath: found.path!, args: [root, ...rootArgs], env, cwd: root });
      page = await app.firstWindow();
    }
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    await cdp?.close();
    packagedProcess?.kill();
    xvfb?.kill();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  test('loads the renderer from app:// with no Node in the page', async () => {
    expect(page.url()).toBe('app://keepalive/index.html');
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    expect(await page.evaluate(() => (window as unknown as { keepalive: { shell: string } }).keepalive.shell)).toBe('electron');
    expect(await page.evaluate(() => Object.keys((window as unknown as { keepalive: object }).keepalive).sort())).toEqual(['invoke', 'on', 'shell']);
  });

  test('renderers are OS-sandboxed where Electron reports it, and only one window exists', async () => {
    if (app) {
      const metrics = await app.evaluate(({ app: a }) => a.getAppMetrics().map((m) => ({ type: m.type, sandboxed: m.sandboxed })));
      for (const m of metrics.filter((x) => x.type === 'Tab' && x.sandboxed !== undefined)) expect(m.sandboxed).toBe(true);
    }
    expect(await windowCount()).toBe(1);
  });

  test('lists the fixture hosts through IPC, and the CSP blocks inline script', async () => {
    await expect(page.getByText('alpha', { exact: false }).first()).toBeVisible();
    await expect(page.getByText('beta', { exact: false }).first()).toBeVisible();
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.head.append(s);
      return (window as unknown as { __inline?: number }).__inline === 1;
    });
    expect(ran).toBe(false);
  });

  test('refuses to open new windows or navigate away', async () => {
    await page.evaluate(() => window.open('https://example.com/'));
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(300);
    expect(await windowCount()).toBe(1);
    expect(page.url()).toBe('app://keepalive/index.html');
  });

  test('saves a screenshot of the window', async () => {
    const out = path.join(root, 'artifacts');
    fs.mkdirSync(out, { recursive: true });
    await page.screenshot({ path: path.join(out, 'electron-window.png') });
  });
});
