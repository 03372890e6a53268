import { existsSync } from 'node:fs';

/**
 * The command that makes sshd re-read its config on this machine, for "restart needed" messages:
 * systemd with Debian's unit name (ssh) or Fedora/Arch's (sshd), a SysV init script, launchd
 * (nothing to do), or Windows' service.
 */
export function reloadCommandHint(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'none needed (launchd starts sshd for each connection)';
  if (platform === 'win32') return 'Restart-Service sshd';
  const unit = (name: string) => ['/etc/systemd/system', '/lib/systemd/system', '/usr/lib/systemd/system'].some((d) => existsSync(`${d}/${name}.service`));
  if (existsSync('/run/systemd/system')) return unit('ssh') || !unit('sshd') ? 'systemctl reload ssh' : 'systemctl reload sshd';
  if (existsSync('/etc/init.d/ssh')) return 'service ssh reload';
  if (existsSync('/etc/init.d/sshd')) return 'service sshd reload';
  return 'kill -HUP "$(cat /run/sshd.pid)"';
}
