import type { KeepaliveApi } from '../common/contract/channels';
import { AppError, ErrorCode, type AppErrorData } from '../common/contract/errors';
import { createWebBridge } from './web-bridge';

const TOKEN_KEY = 'ssh-keepalive-token';

/**
 * The web host hands the page its token in the URL fragment (never sent over HTTP). It is kept
 * for this tab only (sessionStorage, so a reload still works) and removed from the address bar.
 */
function takeToken(): string {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const fromUrl = params.get('token');
  if (fromUrl) {
    window.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromUrl;
  }
  return window.sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** `window.keepalive` in the Electron window (preload), the web bridge in a browser. */
export function pickApi(): KeepaliveApi {
  const fromPreload = (window as unknown as { keepalive?: KeepaliveApi }).keepalive;
  return fromPreload ?? createWebBridge(takeToken());
}

/** Whatever a shell threw, as the contract's error shape (IPC may strip the class). */
export function errorData(err: unknown): AppErrorData {
  if (err instanceof AppError) return err.toData();
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) {
    const e = err as { code: unknown; message: unknown; file?: unknown; line?: unknown };
    const code = ErrorCode.safeParse(e.code);
    if (typeof e.message === 'string') {
      return {
        code: code.success ? code.data : 'internal',
        message: e.message,
        ...(typeof e.file === 'string' ? { file: e.file } : {}),
        ...(typeof e.line === 'number' ? { line: e.line } : {}),
      };
    }
  }
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}
