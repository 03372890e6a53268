import { spawn } from 'node:child_process';
import { createLaunchPage, removeLaunchPageSync, type LaunchPage } from './launch-page';

/** Long enough for a cold browser start on a slow machine; the printed URL still works after it. */
const LAUNCH_PAGE_LIFETIME_MS = 120_000;

export interface BrowserLaunch {
  /** Deletes the launch page (the browser has loaded the app, the time is up, or the host stops). */
  forget(): Promise<void>;
}

/**
 * Opens `url` (which carries the token) in the default browser without putting it on any command
 * line: the opener gets the file:// address of a private launch page (see launch-page.ts).
 * Best effort: a machine without a desktop keeps the printed URL.
 */
export async function openBrowser(url: string, warn: (line: string) => void = () => undefined): Promise<BrowserLaunch | null> {
  let page: LaunchPage | null;
  try {
    page = await createLaunchPage(url);
  } catch (err) {
    // Never fall back to the URL itself: its token would be readable by every local user.
    warn(`Not opening a browser: ${(err as Error).message}. Open the address below yourself.`);
    return null;
  }
  const atExit = (): void => {
    if (page) removeLaunchPageSync(page);
  };
  const forget = async (): Promise<void> => {
    const current = page;
    if (!current) return;
    page = null;
    clearTimeout(timer);
    process.off('exit', atExit);
    await current.remove();
  };
  process.on('exit', atExit);
  const timer = setTimeout(() => void forget(), LAUNCH_PAGE_LIFETIME_MS);
  timer.unref();
  spawnOpener(page.fileUrl);
  return { forget };
}

function spawnOpener(target: string): void {
  const [command, args] =
    process.platform === 'win32'
      ? ['cmd', ['/c', 'start', '""', target]]
      : process.platform === 'darwin'
        ? ['open', [target]]
        : ['xdg-open', [target]];
  try {
    const child = spawn(command, args as string[], { stdio: 'ignore', detached: true, windowsHide: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener installed: the URL is printed anyway.
  }
}
