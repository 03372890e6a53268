import path from 'node:path';
import { BrowserWindow, nativeTheme, screen } from 'electron';
import { APP_ENTRY_URL } from './origin';
import { fitToDisplays, readWindowStateFile, writeWindowStateFile, type Rect } from './window-state';

/** Painted before the page loads so a dark desktop gets no white flash; matches the renderer. */
export function windowBackground(dark: boolean): string {
  return dark ? '#1b1d21' : '#ffffff';
}

function workAreas(): Rect[] {
  const primary = screen.getPrimaryDisplay();
  const others = screen.getAllDisplays().filter((d) => d.id !== primary.id);
  return [primary, ...others].map((d) => d.workArea);
}

export interface MainWindowOptions {
  /** app.getAppPath(): the folder (or asar) holding package.json and dist/. */
  appPath: string;
  /** Where window-state.json is kept (app.getPath('userData')). */
  stateDir: string;
}

export function preloadPath(appPath: string): string {
  return path.join(appPath, 'dist', 'preload', 'index.cjs');
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const state = fitToDisplays(readWindowStateFile(opts.stateDir), workAreas());
  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 640,
    minHeight: 480,
    show: false,
    title: 'SSH Keepalive',
    backgroundColor: windowBackground(nativeTheme.shouldUseDarkColors),
    // A web page with no Node: isolated context, OS sandbox, web security on, no <webview>, no
    // experimental or Blink opt-ins. The preload is its only bridge (window.keepalive). Written out
    // here, literally, so electronegativity (npm run lint:security) can read it.
    webPreferences: {
      preload: preloadPath(opts.appPath),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Middle-click would open a new window; new windows are denied anyway, this removes the path.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  // Follow the OS theme: the page does it with prefers-color-scheme, the frame does it here.
  const onTheme = (): void => win.setBackgroundColor(windowBackground(nativeTheme.shouldUseDarkColors));
  nativeTheme.on('updated', onTheme);
  win.on('closed', () => nativeTheme.removeListener('updated', onTheme));

  win.on('close', () => {
    const b = win.getNormalBounds();
    writeWindowStateFile(opts.stateDir, { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
  });

  void win.loadURL(APP_ENTRY_URL);
  return win;
}
