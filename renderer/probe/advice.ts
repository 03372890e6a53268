import type { ProbeState, SshFailure, TimeLeftReason } from '../../common/contract/probe';
import { formatDuration } from '../../common/format/duration';

/** What to do when ssh could not connect: a sentence, the command to run in a terminal, and what then. */
export interface FailureAdvice {
  lead: string;
  step: string;
  command: string;
}

/**
 * The next step for each kind of ssh failure (a code from the core, never guessed from words here).
 * `host` is what ssh was asked to reach (the contract allows no spaces or leading '-' in it).
 */
export function failureAdvice(failure: SshFailure | null, host: string): FailureAdvice | null {
  switch (failure) {
    case 'login':
      return {
        lead: `ssh could not log in to ${host} without a prompt: the measurement needs a key or agent login.`,
        step: 'Copy your key to the server once (it asks for your password), then measure again:',
        command: `ssh-copy-id ${host}`,
      };
    case 'host-key':
      return {
        lead: `ssh does not know ${host}’s host key yet, or the key changed.`,
        step: 'Connect once in a terminal and check the key it shows, then measure again:',
        command: `ssh ${host}`,
      };
    case 'unreachable':
      return {
        lead: `${host} could not be reached.`,
        step: 'Check that this works in a terminal, then measure again:',
        command: `ssh ${host}`,
      };
    default:
      return null;
  }
}

const GREW: Record<TimeLeftReason, string> = {
  'another-round': 'one more round is needed to narrow the timeout down',
  'longer-than-guessed': 'connections stayed alive longer than the first guess, so the timeout is longer',
  'slower-than-planned': 'this round takes longer than planned',
};

/** Said under the time left after it grew: "Longer than estimated (+4 min): one more round is needed…" */
export function timeLeftNote(s: ProbeState): string | null {
  if (!s.timeLeftGrew) return null;
  return `Longer than estimated (+${formatDuration(s.timeLeftGrew.bySeconds)}): ${GREW[s.timeLeftGrew.reason]}.`;
}

/**
 * The NAT timeout a result supports: the longest idle that survived (the timeout lies above it), in
 * whole seconds. null when nothing was forgotten (no timeout was found) or nothing survived.
 */
export function measuredNatTimeout(s: ProbeState): number | null {
  const r = s.result;
  if (!r || r.upperSeconds === null || r.lowerSeconds < 1) return null;
  return Math.floor(r.lowerSeconds);
}
