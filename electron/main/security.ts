import type { Session, WebContents, WebFrameMain } from 'electron';
import { contentSecurityPolicy } from '../shell/csp';
import { APP_SCHEME, isAppUrl, isSafeExternalUrl } from './origin';

/** What an IPC event tells about who sent it; the subset of IpcMainInvokeEvent we rely on. */
export interface SenderInfo {
  senderFrame: Pick<WebFrameMain, 'url' | 'parent'> | null;
}

/**
 * An IPC message is honoured only from the top frame of our own renderer origin: not from a
 * subframe, not after a navigation elsewhere (navigation is denied anyway, this is the second lock).
 */
export function isTrustedSender(event: SenderInfo): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

/**
 * Every web contents: no new windows, no navigation away from the app, no <webview>.
 * A safe https link the user clicked goes to the OS browser instead.
 */
export function hardenWebContents(contents: WebContents, openExternal: (url: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
  const refuseNavigation = (event: { preventDefault(): void }, url: string): void => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    if (isSafeExternalUrl(url)) openExternal(url);
  };
  contents.on('will-navigate', refuseNavigation);
  contents.on('will-redirect', refuseNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** URL schemes the renderer may load at all; everything else (http, https, file, ftp…) is cancelled. */
export function isAllowedRequestUrl(url: string): boolean {
  return url.startsWith(`${APP_SCHEME}:`) || url.startsWith('devtools:') || url.startsWith('data:') || url.startsWith('blob:');
}

/**
 * The session: every permission request and check is denied (the app needs no camera, no
 * notifications, no clipboard-read…), requests outside the app are cancelled, and every response
 * carries the CSP.
 */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequestUrl(details.url) }));
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy('electron')] },
    });
  });
}
