import type { CauseId } from '../diagnosis/cause-ids';
import type { Cause, DiagnosisReport } from '../diagnosis/schema';
import { formatDuration } from './duration';

/**
 * How the window's badge and the command line's first line sum up a diagnosis: the most lethal
 * cause, when it acts, and whether keepalive can help ("server closes idle shells after 10 min:
 * keepalive cannot help").
 */

const WHAT: Record<CauseId, string> = {
  'nat-idle': 'the network drops idle sessions',
  'shell-tmout': "the server's shell logs out idle sessions",
  'sshd-channel-timeout': 'server closes idle shells',
  'sshd-unused-connection-timeout': 'server closes idle tunnels',
  'logind-idle': 'logind stops idle sessions',
  'jump-hop-unprotected': 'the jump host connection is dropped',
  'client-keepalive-timeout': 'ssh gives up on an unanswered server',
  'server-keepalive-timeout': 'server ends idle connections',
  'network-change': 'a network change ends sessions',
  unknown: 'something unknown ends sessions',
};

/** The same in a few words, for a badge on a host's one line ("sshd closes it at 10 min"). */
const SHORT: Record<CauseId, string> = {
  'nat-idle': 'NAT drops it',
  'shell-tmout': 'shell logs out',
  'sshd-channel-timeout': 'sshd closes it',
  'sshd-unused-connection-timeout': 'sshd closes tunnels',
  'logind-idle': 'logind stops it',
  'jump-hop-unprotected': 'jump host drops',
  'client-keepalive-timeout': 'no answer',
  'server-keepalive-timeout': 'sshd ends it',
  'network-change': 'network change',
  unknown: 'unknown',
};

export interface DiagnosisHeadline {
  text: string;
  /** A few words: "sshd closes it at 10 min", "no idle killer found". */
  short: string;
  /** Fewer still, for a narrow window: "dies at 10 min", "no killer found". */
  tiny: string;
  /** Something ends an idle interactive session at the current settings. */
  kills: boolean;
  /** ...and a keepalive would prevent it (the app can fix it from the client). */
  keepaliveHelps: boolean;
  /** The cause the headline names; null when none kills. */
  cause: CauseId | null;
}

export function killers(causes: readonly Cause[]): Cause[] {
  return causes.filter((c) => c.kills);
}

export function diagnosisHeadline(report: Pick<DiagnosisReport, 'causes'>): DiagnosisHeadline {
  const first = killers(report.causes)[0];
  if (!first) {
    const unknown = report.causes.some((c) => c.id === 'unknown');
    return { text: `nothing found that ends an idle shell${unknown ? ' (some server values unknown)' : ''}`, short: unknown ? 'no killer found (some unknown)' : 'no idle killer found', tiny: 'no killer found', kills: false, keepaliveHelps: false, cause: null };
  }
  const when = first.afterSeconds !== null ? ` after ${formatDuration(first.afterSeconds)}` : '';
  const help = first.keepaliveHelps ? 'keepalive fixes it' : 'keepalive cannot help';
  const at = first.afterSeconds !== null ? ` at ${formatDuration(first.afterSeconds)}` : '';
  return { text: `${WHAT[first.id]}${when}: ${help}`, short: `${SHORT[first.id]}${at}`, tiny: first.afterSeconds !== null ? `dies${at}` : 'dies', kills: true, keepaliveHelps: first.keepaliveHelps, cause: first.id };
}

/**
 * The name a keepalive fix is written for: `Host` patterns match the host name ssh is given, so a
 * `user@` in front and a `:port` behind are not part of it.
 */
export function hostNameForBlock(host: string): string {
  const noUser = host.includes('@') ? host.slice(host.lastIndexOf('@') + 1) : host;
  return /^[^:[\]]+:\d+$/.test(noUser) ? noUser.slice(0, noUser.lastIndexOf(':')) : noUser;
}
