import type { KeepaliveValues, Verdict } from '../contract/hosts';
import { idleVerdict, sessionSettingsOf } from './simulation';

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
 * Answered by the NAT diagram's model (common/nat/simulation.ts, pure, no DOM), so the Hosts view
 * and the animation never disagree: it follows OpenSSH's ServerAliveInterval/CountMax and the
 * kernel's TCPKeepAlive (first probe after 2 h: no help against minutes-long NAT timeouts).
 */
export function verdictFor(values: KeepaliveValues, natTimeout: number): Verdict {
  return idleVerdict(sessionSettingsOf(values), natTimeout);
}
