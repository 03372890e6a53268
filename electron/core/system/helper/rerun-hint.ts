import type { HelperRequest } from './request';

/**
 * The `ssh-keepalive` command that makes the same change as a helper request, for the one case
 * where the app cannot ask for administrator rights itself (Linux without pkexec, not root): the
 * user is told exactly what to run with sudo. null when the CLI has no flags for the request.
 */
export function cliCommandFor(req: HelperRequest): string | null {
  const noun = req.target === 'sshd_config' ? 'server' : 'system';
  const noReload = req.target === 'sshd_config' && !req.reload ? ' --no-reload' : '';
  if (req.op === 'undo') return `ssh-keepalive ${noun} undo${noReload}`;
  const interval = req.target === 'sshd_config' ? 'ClientAliveInterval' : 'ServerAliveInterval';
  const byKeyword = new Map(req.changes.map((c) => [c.keyword, c]));
  const main = byKeyword.get(interval);
  const count = byKeyword.get('ClientAliveCountMax');
  const known = [interval, ...(req.target === 'sshd_config' ? ['ClientAliveCountMax'] : [])];
  if (!main || req.changes.some((c) => !known.includes(c.keyword))) return null;
  if (main.action === 'unset') return count ? null : `ssh-keepalive ${noun} unset${noReload}`;
  if (count && count.action !== 'set') return null;
  const countFlag = count?.action === 'set' ? ` --count-max ${String(count.value)}` : '';
  return `ssh-keepalive ${noun} set --interval ${String(main.value)}${countFlag}${noReload}`;
}

export function noPromptMessage(req: HelperRequest | null): string {
  const command = req ? cliCommandFor(req) : null;
  const what = command ? `Run: sudo ${command}` : 'Run the same ssh-keepalive command as root (with sudo) instead.';
  return `Administrator rights cannot be asked for here: pkexec (polkit) is not installed. ${what}`;
}
