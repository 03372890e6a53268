import { realpathSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../common/contract/errors';
import { resolveConfigPath, type HandlerContext } from './context';

/**
 * Which `ssh -F FILE` a request may name. ssh runs what FILE says (ProxyCommand, KnownHostsCommand,
 * Match exec), so from a window only configs inside the user's ~/.ssh are used: a compromised page
 * cannot point ssh at a file it planted (a download, say). The command line, typed by the user,
 * may name any file. Shared by every feature that runs the user's ssh (probe, diagnosis).
 */

/** Is `file` inside the user's ~/.ssh (after resolving symlinks where the file exists)? */
export function inUserSshDir(ctx: HandlerContext, file: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const rel = path.relative(real(path.join(ctx.homeDir, '.ssh')), real(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * The file for `ssh -F`, or null for '' (what `ssh HOST` reads by itself: -F would skip the
 * system-wide file). Throws `permission` with `refusal(file)` for a file outside ~/.ssh unless
 * `anyPath` (the command line).
 */
export function sshConfigFile(ctx: HandlerContext, configPath: string, anyPath: boolean, refusal: (file: string) => string): string | null {
  if (configPath === '') return null;
  const file = resolveConfigPath(ctx, configPath);
  if (!anyPath && !inUserSshDir(ctx, file)) throw new AppError('permission', refusal(file));
  return file;
}
