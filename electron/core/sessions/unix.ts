import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../common/contract/errors';

/**
 * PuTTY on Linux and other Unix: one file per session, `Key=value` lines (LF, decimal integers, no
 * quoting). PuTTY splits at the first `=`, keeps the first of duplicate keys, ignores lines without `=`.
 */
export function formatUnixSession(entries: Array<{ key: string; value: string | number }>): string {
  return entries
    .map(({ key, value }) => {
      const v = String(value);
      if (/[=\r\n]/.test(key) || /[\r\n]/.test(v)) throw new AppError('invalid-input', `${key}: a PuTTY session file cannot hold a line break or "=" in a key`);
      return `${key}=${v}\n`;
    })
    .join('');
}

export function parseUnixSession(text: string): Map<string, { value: string; line: number }> {
  const map = new Map<string, { value: string; line: number }>();
  text.split('\n').forEach((raw, i) => {
    const eq = raw.indexOf('=');
    if (eq < 0) return;
    const key = raw.slice(0, eq);
    const value = raw.slice(eq + 1).replace(/[\r\n].*$/s, '');
    if (!map.has(key)) map.set(key, { value, line: i + 1 });
  });
  return map;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * PuTTY's own rule (unix/storage.c make_filename): $PUTTYDIR; else $XDG_CONFIG_HOME/putty (or
 * ~/.config/putty) if it exists; else ~/.putty. Sessions live in <dir>/sessions or $PUTTYSESSIONS.
 */
export async function puttyUnixDirs(homeDir: string, env: NodeJS.ProcessEnv = process.env): Promise<{ dir: string; sessionsDir: string; rule: string }> {
  let dir: string;
  let rule: string;
  if (env.PUTTYDIR !== undefined) {
    dir = env.PUTTYDIR;
    rule = '$PUTTYDIR';
  } else {
    const xdg = env.XDG_CONFIG_HOME ? path.join(env.XDG_CONFIG_HOME, 'putty') : path.join(homeDir, '.config', 'putty');
    if (await exists(xdg)) {
      dir = xdg;
      rule = `${xdg} exists`;
    } else {
      dir = path.join(homeDir, '.putty');
      rule = `${xdg} does not exist`;
    }
  }
  if (env.PUTTYSESSIONS !== undefined) return { dir, sessionsDir: env.PUTTYSESSIONS, rule: '$PUTTYSESSIONS' };
  return { dir, sessionsDir: path.join(dir, 'sessions'), rule };
}
