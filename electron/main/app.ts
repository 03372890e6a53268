import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, session, shell } from 'electron';
import { defaultContext } from '../core/kernel/context';
import { createHandlers } from '../core/handlers';
import { SnapshotWatcher, watchingSnapshots } from '../shell/snapshot-watch';
import { aboutDetail, HELP_URL } from './about';
import { sendEvent } from './events';
import { registerIpc } from './ipc';
import { buildMenuTemplate } from './menu';
import { editorOpener } from './editor';
import { dialogPicker } from './pick';
import { isSafeExternalUrl } from './origin';
import { registerAppScheme, serveRenderer } from './protocol';
import { hardenSession, hardenWebContents } from './security';
import { createMainWindow } from './window';

export const APP_ID = 'org.sshkeepalive.app';

/** The only door to the OS browser: https links, nothing else. */
export function openExternal(url: string): void {
  if (isSafeExternalUrl(url)) void shell.openExternal(url);
}

/**
 * App lifecycle. Resolves once the window exists (or at once when another instance already runs,
 * in which case that instance is focused and this one quits).
 */
export async function startApp(): Promise<BrowserWindow | null> {
  registerAppScheme();
  app.enableSandbox();
  // Windows groups taskbar buttons and notifications by this id; it must match build/electron-builder.yml.
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }

  let win: BrowserWindow | null = null;
  const open = (): BrowserWindow => {
    win = createMainWindow({ appPath: app.getAppPath(), stateDir: app.getPath('userData') });
    win.on('closed', () => {
      win = null;
    });
    return win;
  };

  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  await app.whenReady();
  nativeTheme.themeSource = 'system';
  hardenSession(session.defaultSession);
  serveRenderer(path.join(app.getAppPath(), 'dist', 'renderer'));
  // The window follows edits made by other programs: the listed config files are watched.
  // Files outside PuTTY's own folder are read and changed only when picked in the OS dialog here.
  // A file:line of the config opens in the user's editor (files the core checked against the snapshot).
  const ctx = { ...defaultContext(), pickPath: dialogPicker(dialog, () => win), openInEditor: editorOpener(shell) };
  const handlers = createHandlers(ctx, { emit: (name, payload) => sendEvent(win?.webContents ?? null, name, payload) });
  const watcher = new SnapshotWatcher((payload) => sendEvent(win?.webContents ?? null, 'config:changed', payload));
  app.on('will-quit', () => watcher.close());
  registerIpc(ipcMain, watchingSnapshots(handlers, watcher));

  const showAbout = (): void => {
    const text = aboutDetail(app.getVersion(), process.versions);
    const options = { type: 'info' as const, title: 'About SSH Keepalive', buttons: ['OK'], ...text };
    void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        isMac: process.platform === 'darwin',
        appName: 'SSH Keepalive',
        devTools: !app.isPackaged,
        showAbout,
        openHelp: () => openExternal(HELP_URL),
      }),
    ),
  );

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
  return open();
}
