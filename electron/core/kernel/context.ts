import os from 'node:os';
import path from 'node:path';
import type { OpenInEditorResult } from '../../../common/contract/editor';

/**
 * Everything the handlers need to know about the machine, in one object, so tests and the web
 * host can point the app at a fixture HOME without touching process.env.
 */
export interface HandlerContext {
  homeDir: string;
  platform: NodeJS.Platform;
  /** Where backups (the undo journal) and app state live. */
  stateDir: string;
  /** The system-wide client config read after the user's (what `ssh` reads without -F); null = none. */
  systemConfigPath: string | null;
  /** The local user name (`Match localuser`, and `User`'s default). */
  localUser: string;
  /**
   * The shell's own file dialog (Electron main: dialog.showOpenDialog), answering the chosen path or
   * null; absent where there is none (the web host takes uploads). See core/sessions/access.ts.
   */
  pickPath?: (kind: 'file' | 'folder') => Promise<string | null>;
  /**
   * Opens a file (already checked to be one of the config's own) at a line in the user's editor:
   * the Electron window only (main/editor.ts); absent where a page must not start programs.
   */
  openInEditor?: (file: string, line: number) => Promise<OpenInEditorResult>;
}

export function defaultUserConfigPath(homeDir: string, platform: NodeJS.Platform): string {
  // Windows' OpenSSH reads %USERPROFILE%\.ssh\config; os.homedir() is %USERPROFILE% there.
  return platform === 'win32' ? path.win32.join(homeDir, '.ssh', 'config') : path.posix.join(homeDir, '.ssh', 'config');
}

export function defaultSystemConfigPath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'ssh', 'ssh_config');
  return '/etc/ssh/ssh_config';
}

export function defaultStateDir(homeDir: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return path.win32.join(env.LOCALAPPDATA ?? path.win32.join(homeDir, 'AppData', 'Local'), 'SSH Keepalive');
  if (platform === 'darwin') return path.posix.join(homeDir, 'Library', 'Application Support', 'SSH Keepalive');
  return path.posix.join(env.XDG_STATE_HOME || path.posix.join(homeDir, '.local', 'state'), 'ssh-keepalive');
}

export function defaultContext(overrides: Partial<HandlerContext> = {}): HandlerContext {
  const homeDir = overrides.homeDir ?? os.homedir();
  const platform = overrides.platform ?? process.platform;
  return {
    homeDir,
    platform,
    stateDir: overrides.stateDir ?? defaultStateDir(homeDir, platform),
    systemConfigPath: overrides.systemConfigPath === undefined ? defaultSystemConfigPath(platform) : overrides.systemConfigPath,
    localUser: overrides.localUser ?? os.userInfo().username,
  };
}

/** '' in a request means the platform default user config. */
export function resolveConfigPath(ctx: HandlerContext, configPath: string): string {
  return configPath === '' ? defaultUserConfigPath(ctx.homeDir, ctx.platform) : path.resolve(configPath);
}
