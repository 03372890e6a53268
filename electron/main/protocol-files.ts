import { rendererFile } from '../shell/safe-path';
import { APP_HOST, APP_SCHEME } from './origin';

/**
 * Maps an app:// URL to a file inside `root`, or null when the URL is not ours or would escape the
 * root (the shared guard, shell/safe-path.ts). Pure, so the traversal rules are unit-tested.
 */
export function resolveAppFile(url: string, root: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  return rendererFile(root, parsed.pathname);
}
