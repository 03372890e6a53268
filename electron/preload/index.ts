/**
 * Preload (sandboxed, bundled to CJS): the page's only way to the main process. It exposes the
 * contract's API as `window.keepalive`; ipcRenderer itself never reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge, type IpcLike } from './bridge';

const ipc: IpcLike = {
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  on: (channel, listener) => ipcRenderer.on(channel, listener),
  removeListener: (channel, listener) => ipcRenderer.removeListener(channel, listener),
};

contextBridge.exposeInMainWorld('keepalive', createBridge(ipc));
