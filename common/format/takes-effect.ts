import type { TakesEffect } from '../contract/sessions';

/** The last part of a Windows or POSIX path ("C:\\x\\work.reg" -> "work.reg"). */
function baseName(file: string): string {
  return file.split(/[\\/]/).pop() || file;
}

/**
 * When a change to PuTTY or WinSCP sessions takes effect, in words: the preview's dialog and the
 * outcome say the same sentence.
 */
export function takesEffectText(t: TakesEffect, file: string): string {
  switch (t) {
    case 'after-import':
      return `It applies once ${baseName(file)} is imported on Windows (double-click it, or run reg import "${baseName(file)}"), the next time each session is opened.`;
    case 'winscp-ini':
      return 'It applies once WinSCP on Windows uses this WinSCP.ini (beside WinSCP.exe, or WinSCP.exe /ini=FILE), the next time each site is opened.';
    case 'next-open':
      return 'It applies the next time each session is opened.';
  }
}
