import { promises as fs } from 'node:fs';
import { reloadCommandHint } from '../reload-hint';
import { run } from '../../kernel/process';
import { sshdDump } from '../sshd';

/**
 * Makes a running sshd read its new config. systemd: `systemctl reload` of whichever of ssh.service
 * (Debian/Ubuntu) or sshd.service (Fedora/Arch) is active. Without systemd: SIGHUP to the pid in
 * sshd's PidFile, after checking that pid really is sshd (what `service ssh reload` does).
 * Otherwise it says what to run instead of guessing.
 */
export interface ReloadOutcome {
  done: boolean;
  /** The command that reloads sshd here (run, or to run by hand). */
  command: string;
  message: string;
}

const SYSTEMCTL = ['/usr/bin/systemctl', '/bin/systemctl'];

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

export async function reloadSshd(sshd: string): Promise<ReloadOutcome> {
  if (await exists('/run/systemd/system')) {
    const systemctl = (await exists(SYSTEMCTL[0]!)) ? SYSTEMCTL[0]! : SYSTEMCTL[1]!;
    for (const unit of ['ssh.service', 'sshd.service']) {
      const state = await run(systemctl, ['show', '--property=ActiveState', '--value', unit]);
      if (state.stdout.trim() !== 'active') continue;
      const command = `systemctl reload ${unit.replace('.service', '')}`;
      const r = await run(systemctl, ['reload', unit]);
      if (r.code === 0) return { done: true, command, message: `sshd reloaded (${command}).` };
      return { done: false, command, message: `Reload failed (${r.stderr.trim() || `exit ${r.code}`}); restart needed: ${command}` };
    }
    return { done: false, command: 'systemctl reload ssh', message: 'sshd is not running; the new settings apply when it starts.' };
  }
  let pidFile = '/run/sshd.pid';
  try {
    pidFile = (await sshdDump(sshd, '/etc/ssh/sshd_config')).get('pidfile') ?? pidFile;
  } catch {
    /* keep the default */
  }
  const pid = Number.parseInt((await fs.readFile(pidFile, 'utf8').catch(() => '')).trim(), 10);
  if (Number.isSafeInteger(pid) && pid > 1) {
    const comm = (await fs.readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
    const exe = await fs.readlink(`/proc/${pid}/exe`).catch(() => '');
    if (comm === 'sshd' && exe === sshd) {
      process.kill(pid, 'SIGHUP');
      return { done: true, command: `kill -HUP ${pid}`, message: `sshd reloaded (SIGHUP to process ${pid}).` };
    }
  }
  const command = reloadCommandHint();
  return { done: false, command, message: `No running sshd was found to reload; the new settings apply when it starts (or run: ${command}).` };
}
