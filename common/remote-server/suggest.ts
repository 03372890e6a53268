import { clientAliveDoubled, formatVersion, parseOpenSshVersion } from '../diagnosis/openssh-version';
import { formatDuration } from '../format/duration';

/**
 * The ClientAliveInterval to suggest for a server, from the NAT timeout in front of its users and the
 * server's OpenSSH version. sshd 9.2 to 9.4 send ClientAlive probes only about every 2 x interval
 * (fixed in 9.5; common/diagnosis/openssh-version.ts): there the interval must be at most half of
 * what would otherwise do. Like the client's suggestion, a probe comes at least twice per NAT
 * timeout, and never less often than every 60 s (shorter costs nothing that matters). Runs in the
 * page too (the server panel recomputes it when the NAT choice changes).
 */
export interface ServerIntervalSuggestion {
  interval: number;
  /** Seconds between probes this server really sends with that interval. */
  probeEverySeconds: number;
  doubled: boolean;
  text: string;
}

const CAP = 60;

export function suggestServerInterval(natTimeoutSeconds: number, sshdVersion: string | null | undefined): ServerIntervalSuggestion {
  if (!Number.isFinite(natTimeoutSeconds) || natTimeoutSeconds < 2) throw new Error('The NAT timeout must be at least 2 seconds');
  const v = sshdVersion ? parseOpenSshVersion(sshdVersion) : null;
  // Unknown version: assume the slow probes (a shorter interval is harmless, a longer one is not).
  const doubled = v === null || clientAliveDoubled(v);
  const half = Math.floor(natTimeoutSeconds / 2);
  const interval = Math.max(1, Math.min(CAP, doubled ? Math.floor(half / 2) : half));
  const probeEverySeconds = doubled ? 2 * interval : interval;
  const nat = formatDuration(Math.round(natTimeoutSeconds));
  const why = v === null
    ? `The server's OpenSSH version is unknown, so this assumes it may be 9.2-9.4, which send probes only about every 2 x ClientAliveInterval.`
    : doubled
      ? `${formatVersion(v)} sends probes only about every 2 x ClientAliveInterval (fixed in 9.5), so the interval is half of what it would be.`
      : `${formatVersion(v)} sends a probe every ClientAliveInterval.`;
  return { interval, probeEverySeconds, doubled, text: `ClientAliveInterval ${interval}: a probe about every ${formatDuration(probeEverySeconds)}, at least twice per ${nat} NAT timeout. ${why}` };
}
