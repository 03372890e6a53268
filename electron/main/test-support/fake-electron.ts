/**
 * A recording stand-in for the `electron` module, for tests that start the real main-process code
 * without the Electron binary (`vi.mock('electron', ...)`). It implements just enough behaviour
 * (events, window bookkeeping) and records every security-relevant call so tests can assert on it.
 */
import { EventEmitter } from 'node:events';

type AnyFn = (...args: never[]) => unknown;

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: Array<[string, unknown]> = [];
  destroyed = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Emits a cancellable event the way Electron does and says whether a listener cancelled it. */
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static getAllWindows(): FakeBrowserWindow[] {
    return recorder.windows.filter((w) => !w.destroyed);
  }
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  shown = false;
  focused = false;
  minimized = false;
  maximized = false;
  destroyed = false;
  background: string | null = null;
  constructor(readonly options: Record<string, unknown>) {
    super();
    recorder.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    const o = this.options as { x?: number; y?: number; width: number; height: number };
    return { x: o.x ?? 10, y: o.y ?? 20, width: o.width, height: o.height };
  }
  setBackgroundColor(color: string): void {
    this.background = color;
  }
  /** What closing the window does: 'close', then 'closed'. */
  close(): void {
    this.emit('close', { preventDefault() {} });
    this.destroyed = true;
    this.emit('closed');
  }
}

class Recorder {
  /** The fake `app`, for emitting lifecycle events from tests. */
  get app(): typeof app {
    return app;
  }
  windows: FakeBrowserWindow[] = [];
  ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  privilegedSchemes: unknown[] = [];
  protocolHandlers = new Map<string, (request: { url: string }) => Promise<Response>>();
  permissionRequestHandler: AnyFn | null = null;
  permissionCheckHandler: AnyFn | null = null;
  devicePermissionHandler: AnyFn | null = null;
  beforeRequest: AnyFn | null = null;
  headersReceived: AnyFn | null = null;
  menuTemplate: unknown[] | null = null;
  openedExternal: string[] = [];
  /** shell.openPath calls, and what the next one answers ('' = opened, else the OS's error). */
  openedPaths: string[] = [];
  openPathAnswer = '';
  dialogs: unknown[] = [];
  /** What the next open-file dialog answers: the chosen paths, or null for Cancel. */
  openDialogAnswer: string[] | null = null;
  sandboxEnabled = false;
  quitCalls = 0;
  singleInstanceLock = true;
  appPath = '/nonexistent-app';
  userData = '/nonexistent-user-data';
  themeSource = 'unset';
  reset(): void {
    this.windows = [];
    this.ipcHandlers.clear();
    this.privilegedSchemes = [];
    this.protocolHandlers.clear();
    this.permissionRequestHandler = this.permissionCheckHandler = this.devicePermissionHandler = null;
    this.beforeRequest = this.headersReceived = null;
    this.menuTemplate = null;
    this.openedExternal = [];
    this.openedPaths = [];
    this.openPathAnswer = '';
    this.dialogs = [];
    this.openDialogAnswer = null;
    this.sandboxEnabled = false;
    this.quitCalls = 0;
    this.singleInstanceLock = true;
    this.themeSource = 'unset';
    app.removeAllListeners();
    nativeTheme.removeAllListeners();
  }
}
export const recorder = new Recorder();

export const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  whenReady: (): Promise<void> => Promise.resolve(),
  enableSandbox: (): void => {
    recorder.sandboxEnabled = true;
  },
  requestSingleInstanceLock: (): boolean => recorder.singleInstanceLock,
  quit: (): void => {
    recorder.quitCalls++;
  },
  exit: (): void => {},
  getAppPath: (): string => recorder.appPath,
  getPath: (_name: string): string => recorder.userData,
  getVersion: (): string => '0.1.0',
  setAppUserModelId: (_id: string): void => {},
});

export const nativeTheme = Object.assign(new EventEmitter(), { shouldUseDarkColors: false, themeSource: 'unset' });
// An accessor (Object.assign would copy a getter's value), so the recorder sees the assignment.
Object.defineProperty(nativeTheme, 'themeSource', {
  get: () => recorder.themeSource,
  set: (value: string) => {
    recorder.themeSource = value;
  },
});

export const ipcMain = {
  handle(channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>): void {
    if (recorder.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    recorder.ipcHandlers.set(channel, handler);
  },
};

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    recorder.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: (request: { url: string }) => Promise<Response>): void {
    recorder.protocolHandlers.set(scheme, handler);
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(h: AnyFn): void {
      recorder.permissionRequestHandler = h;
    },
    setPermissionCheckHandler(h: AnyFn): void {
      recorder.permissionCheckHandler = h;
    },
    setDevicePermissionHandler(h: AnyFn): void {
      recorder.devicePermissionHandler = h;
    },
    webRequest: {
      onBeforeRequest(h: AnyFn): void {
        recorder.beforeRequest = h;
      },
      onHeadersReceived(h: AnyFn): void {
        recorder.headersReceived = h;
      },
    },
  },
};

export const Menu = {
  buildFromTemplate(template: unknown[]): { template: unknown[] } {
    recorder.menuTemplate = template;
    return { template };
  },
  setApplicationMenu(_menu: unknown): void {},
};

export const shell = {
  openExternal(url: string): Promise<void> {
    recorder.openedExternal.push(url);
    return Promise.resolve();
  },
  openPath(file: string): Promise<string> {
    recorder.openedPaths.push(file);
    return Promise.resolve(recorder.openPathAnswer);
  },
};

export const dialog = {
  showMessageBox(...args: unknown[]): Promise<{ response: number }> {
    recorder.dialogs.push(args);
    return Promise.resolve({ response: 0 });
  },
  showErrorBox(...args: unknown[]): void {
    recorder.dialogs.push(args);
  },
  /** Answers with recorder.openDialogAnswer (the paths "the user chose"; null = Cancel). */
  showOpenDialog(...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> {
    recorder.dialogs.push(args);
    const answer = recorder.openDialogAnswer;
    return Promise.resolve(answer === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: answer });
  },
};

const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
export const screen = {
  getPrimaryDisplay: () => display,
  getAllDisplays: () => [display],
};

export const BrowserWindow = FakeBrowserWindow;

/** The module object handed to vi.mock('electron'). */
export const electronModule = { app, nativeTheme, ipcMain, protocol, session, Menu, shell, dialog, screen, BrowserWindow, default: {} };
