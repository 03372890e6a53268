import type { KeepaliveValues, Verdict } from '../../contract/hosts';

/** "300" -> "5 min", "7440" -> "2 h 4 min", "350" -> "5 min 50 s". */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts: string[] = [];
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (s || parts.length === 0) parts.push(`${s} s`);
  return parts.join(' ');
}

/**
 * Will an idle session survive a NAT that forgets connections idle for `natTimeout` seconds?
 * Only an SSH-level keepalive sent more often than the timeout refreshes the NAT entry; TCPKeepAlive
 * (kernel default: first probe after 2 h) does not help against minutes-long NAT timeouts.
 */
export function verdictFor(values: KeepaliveValues, natTimeout: number): Verdict {
  const interval = values.serverAliveInterval.value;
  const dies = `an idle session dies after ${formatDuration(natTimeout)} behind this NAT`;
  if (interval <= 0) return { protected: false, text: `unprotected: ${dies}` };
  if (interval >= natTimeout) {
    return { protected: false, text: `unprotected: keepalive every ${interval} s is too slow; ${dies}` };
  }
  return { protected: true, text: `protected: keepalive every ${interval} s` };
}
