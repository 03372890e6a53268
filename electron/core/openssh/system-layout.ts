import path from 'node:path';
import type { SystemTarget } from './system-keywords';

/**
 * The files a system change may write, by path alone (the privileged helper adds the checks that
 * need the file system: regular file, root-owned, one link, safe directories). No imports beyond
 * node:path: this is part of the helper's security boundary.
 */
export interface SystemLayout {
  /** The main file: /etc/ssh/sshd_config or /etc/ssh/ssh_config. */
  root: string;
  /** Its drop-in directory: /etc/ssh/sshd_config.d or /etc/ssh/ssh_config.d. */
  dropInDir: string;
}

export function systemLayout(target: SystemTarget, sshDir = '/etc/ssh'): SystemLayout {
  const root = path.posix.join(sshDir, target);
  return { root, dropInDir: `${root}.d` };
}

const SAFE_NAME = /^[A-Za-z0-9_@+-][A-Za-z0-9._@+-]*\.conf$/;

export function isAllowedPath(layout: SystemLayout, file: string): boolean {
  if (typeof file !== 'string' || file.length > 4096 || file.includes('\0')) return false;
  if (!path.posix.isAbsolute(file) || path.posix.normalize(file) !== file) return false;
  if (file.split('/').includes('..')) return false;
  if (file === layout.root) return true;
  return path.posix.dirname(file) === layout.dropInDir && SAFE_NAME.test(path.posix.basename(file)) && !file.includes('..');
}
