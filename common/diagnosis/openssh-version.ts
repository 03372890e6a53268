/**
 * OpenSSH versions, read from what a server announces ("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10"),
 * what `ssh -v` reports of it ("remote software version OpenSSH_9.2p1 ...") or `ssh -V`.
 * Behaviour that changed between releases is gated here, each with the commit that changed it.
 */
export interface OpenSshVersion {
  major: number;
  minor: number;
  /** The text it was read from, trimmed to the version word and what follows on the line. */
  text: string;
}

export function parseOpenSshVersion(text: string): OpenSshVersion | null {
  const m = /OpenSSH_(\d{1,2})\.(\d{1,2})[^\s]*(?:[ \t][^\r\n]{0,80})?/.exec(text);
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), text: m[0].trim() };
}

const at = (v: OpenSshVersion, major: number, minor: number) => v.major > major || (v.major === major && v.minor >= minor);
const before = (v: OpenSshVersion, major: number, minor: number) => !at(v, major, minor);

/**
 * sshd 9.2-9.4 sends ClientAlive probes about every 2 x ClientAliveInterval (9.2 serverloop.c
 * compares `now > last + interval` in whole seconds after d478cdc7a); fixed in 9.5 by 9d7193a83.
 */
export const clientAliveDoubled = (v: OpenSshVersion) => at(v, 9, 2) && before(v, 9, 5);

/** `sshd -G` (print the config without loading host keys) exists from 9.3 (18938d11a). */
export const hasSshdG = (v: OpenSshVersion) => at(v, 9, 3);

/** ChannelTimeout and UnusedConnectionTimeout exist in sshd from 9.2 (2d1ff2b94, 0293c1980). */
export const hasChannelTimeout = (v: OpenSshVersion) => at(v, 9, 2);

/** ChannelTimeout's `global` type (all channels together) exists from 9.7 (b31b12d28). */
export const hasGlobalChannelTimeout = (v: OpenSshVersion) => at(v, 9, 7);

/** Before 8.2 (69334996a), ClientAliveCountMax 0 ended the connection at the first probe. */
export const countMaxZeroKills = (v: OpenSshVersion) => before(v, 8, 2);

export const formatVersion = (v: OpenSshVersion) => `OpenSSH ${v.major}.${v.minor}`;
