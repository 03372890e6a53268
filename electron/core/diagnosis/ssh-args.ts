/**
 * How the diagnosis calls the user's own ssh: their config (or -F FILE), keys and agent, never a
 * prompt, never their forwardings, commands or a shared master connection (the connection must be
 * its own, so what the server says is about it).
 */

/** A destination ssh cannot read as an option: an alias or [user@]host, no spaces. */
export const HOST_PATTERN = /^[A-Za-z0-9_.%:\[\]@+][A-Za-z0-9_.%:\[\]@+-]{0,254}$/;

export function configArgs(configPath: string | null): string[] {
  return configPath ? ['-F', configPath] : [];
}

export function isolatedLoginArgs(configPath: string | null, connectTimeoutSeconds: number): string[] {
  const o = (kv: string) => ['-o', kv];
  return [
    ...configArgs(configPath),
    '-T',
    ...o('BatchMode=yes'),
    ...o(`ConnectTimeout=${connectTimeoutSeconds}`),
    ...o('ControlMaster=no'),
    ...o('ControlPath=none'),
    ...o('ClearAllForwardings=yes'),
    ...o('ForwardAgent=no'),
    ...o('ForwardX11=no'),
    ...o('PermitLocalCommand=no'),
    ...o('RemoteCommand=none'),
    // Nothing stored: the server's extra host keys are not written to known_hosts.
    ...o('UpdateHostKeys=no'),
    // Command-line options are not passed to ProxyJump hosts: only the target's debug lines appear.
    ...o('LogLevel=DEBUG1'),
  ];
}

/** "debug1: Remote protocol version 2.0, remote software version OpenSSH_9.2p1 Debian-2+deb12u10" */
export function announcedVersion(stderr: string): string | null {
  const all = [...stderr.matchAll(/remote software version ([^\r\n]{1,120})/g)];
  const last = all[all.length - 1];
  return last ? (last[1] as string).trim() : null;
}

/** ssh's own last words (not its debug lines): why a login failed. */
export function lastError(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.replace(/[\x00-\x1f\x7f]/g, '').trim())
    .filter((l) => l && !l.startsWith('debug') && !/^(Transferred|Bytes per second):/.test(l));
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}
