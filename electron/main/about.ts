/** The About text: name, version and the runtime versions a bug report needs. */
export function aboutDetail(appVersion: string, versions: Partial<Record<'electron' | 'chrome' | 'node', string>>): { message: string; detail: string } {
  return {
    message: `SSH Keepalive ${appVersion}`,
    detail: [
      'Keeps idle SSH sessions alive behind NAT routers and firewalls.',
      '',
      `Electron ${versions.electron ?? '?'} · Chromium ${versions.chrome ?? '?'} · Node ${versions.node ?? '?'}`,
      'MIT License',
    ].join('\n'),
  };
}

export const HELP_URL = 'https://man.openbsd.org/ssh_config#ServerAliveInterval';
