/** Where PuTTY and WinSCP keep their sessions in the Windows registry (HKCU: no admin needed). */
export const PUTTY_SESSIONS_KEY = 'HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions';
export const WINSCP_SESSIONS_KEY = 'HKEY_CURRENT_USER\\Software\\Martin Prikryl\\WinSCP 2\\Sessions';
export const DEFAULT_SESSION = 'Default Settings';

export function sessionsKey(tool: 'putty' | 'winscp'): string {
  return tool === 'putty' ? PUTTY_SESSIONS_KEY : WINSCP_SESSIONS_KEY;
}
