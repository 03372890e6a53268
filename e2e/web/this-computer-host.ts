import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEBIAN_SSHD_CONFIG, DEBIAN_SSH_CONFIG } from '../../electron/core/system/helper/testing/fixture-io';
import { APP_UID, appUserPromptStub, asAppUser, makeFixture, namespaceArgv, type Fixture } from '../../electron/core/system/helper/testing/namespace';
import { packageRoot } from '../../electron/web/host';

/**
 * The real web host run by a normal user (APP_UID) inside a mount namespace where a fixture tree is
 * /etc/ssh; only the OS prompt is stubbed (approves by running the real helper as root with sudo -n,
 * or cancels with exit 126 while `cancelFlag` exists). Shared by the "This computer" specs.
 */
export interface Host {
  url: string;
  child: ChildProcess;
  fx: Fixture;
  promptLog: string;
  cancelFlag: string;
}

/** `sshdConfig`: the fixture's /etc/ssh/sshd_config (default: Debian's plus a `Match User bob` block). */
export async function startHost(opts: { sshdConfig?: string } = {}): Promise<Host> {
  const fx = await makeFixture({
    files: { sshd_config: opts.sshdConfig ?? `${DEBIAN_SSHD_CONFIG}Match User bob\n\tClientAliveInterval 5\n`, ssh_config: DEBIAN_SSH_CONFIG },
    dirs: ['sshd_config.d', 'ssh_config.d'],
  });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ska-e2e-prompt-'));
  await fs.chmod(dir, 0o755);
  const promptLog = path.join(dir, 'prompts.log');
  const cancelFlag = path.join(dir, 'cancel');
  const prompt = await appUserPromptStub(promptLog, 'approve', cancelFlag);
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'ska-e2e-home-'));
  await fs.chown(home, APP_UID, APP_UID);
  const root = packageRoot();
  const [cmd, ...args] = namespaceArgv(fx, asAppUser([process.execPath, '--import', 'tsx', path.join(root, 'electron', 'web', 'serve.ts'), '--no-open']));
  const child = spawn(cmd!, args, { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: home, SSH_KEEPALIVE_ELEVATE: prompt, TSX_DISABLE_CACHE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`web host did not start: ${out}`)), 90_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`web host exited (${code}): ${out}`)));
  });
  return { url, child, fx, promptLog, cancelFlag };
}
