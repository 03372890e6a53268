import type { WebPreferences } from 'electron';

/**
 * The renderer is a web page with no Node: isolated context, OS sandbox, web security on, no
 * <webview>, no experimental or Blink opt-ins. The preload is its only bridge (window.keepalive).
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
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
  };
}
