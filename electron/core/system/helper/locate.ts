import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../common/contract/app-error';
import { ownFile, packageRootOf } from '../../kernel/package-root';

/**
 * Where the privileged helper is: found from the running code's own real location, never from the
 * working directory or argv[1] (a bin symlink: the working directory would decide which code runs
 * as root). Nothing is ever built here: a checkout without dist/ gets an error saying so.
 */
export interface HelperCommand {
  /** The program (and its first arguments) to run as root; `run` is appended. */
  argv: string[];
  env: Record<string, string>;
  /** Every file root will execute or load: each must pass the trusted-path check first. */
  files: string[];
}

export interface RunningCode {
  /** The real path of the running bundle or source file (kernel/package-root.ts ownFile). */
  ownFile: string;
  /** process.resourcesPath of a packaged Electron app. */
  resourcesPath?: string | undefined;
  electron: boolean;
  platform: NodeJS.Platform;
  execPath: string;
}

export function locateHelper(code: RunningCode): HelperCommand {
  if (code.electron && code.resourcesPath) {
    const privileged = path.join(realpathSync(code.resourcesPath), 'privileged');
    const helper = path.join(privileged, 'helper.cjs');
    // deb/rpm install a root-owned wrapper named in the polkit policy; it sets ELECTRON_RUN_AS_NODE
    // and runs the app binary two levels up (see build/linux/ssh-keepalive-helper).
    const wrapper = path.join(privileged, 'ssh-keepalive-helper');
    if (code.platform === 'linux' && existsSync(wrapper)) {
      return { argv: [wrapper], env: {}, files: [wrapper, helper, path.join(privileged, '..', '..', 'ssh-keepalive')] };
    }
    return { argv: [code.execPath, helper], env: { ELECTRON_RUN_AS_NODE: '1' }, files: [code.execPath, helper] };
  }
  const root = packageRootOf(code.ownFile);
  if (!root) throw new AppError('internal', `The privileged helper cannot be found: ${code.ownFile} is not inside an ssh-keepalive package.`);
  const bundle = path.join(root, 'dist', 'privileged', 'helper.cjs');
  if (!existsSync(bundle)) throw new AppError('internal', `The privileged helper is not built (${bundle} is missing): run "npm run build" in ${root}.`);
  // An Electron binary from a checkout (npm start): pkexec clears the environment, so env sets it.
  if (code.electron) return { argv: ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', code.execPath, bundle], env: {}, files: ['/usr/bin/env', code.execPath, bundle] };
  return { argv: [code.execPath, bundle], env: {}, files: [code.execPath, bundle] };
}

export function runningCode(): RunningCode {
  return {
    ownFile: ownFile(),
    resourcesPath: (process as { resourcesPath?: string }).resourcesPath,
    electron: Boolean(process.versions.electron),
    platform: process.platform,
    execPath: process.execPath,
  };
}
