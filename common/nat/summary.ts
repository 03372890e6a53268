import { formatDuration } from '../format/duration';
import { survivesIdle, type SessionSettings } from './simulation';

interface Named {
  pattern: string;
  settings: SessionSettings;
}

/** "a", "a and b", "a, b and c", "a, b, c and 4 more" */
export function listNames(names: readonly string[], max = 4): string {
  if (names.length <= 1) return names.join('');
  if (names.length > max) return `${names.slice(0, max - 1).join(', ')} and ${names.length - (max - 1)} more`;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function idleWords(seconds: number): string {
  return seconds === 3600 ? 'an idle hour' : `${formatDuration(seconds)} idle`;
}

/**
 * The answer without the animation, from the same model:
 * "Behind a 5 min NAT: 7 of 9 hosts survive an idle hour; db1 and legacy die after 5 min."
 */
export function summarize(hosts: readonly Named[], natTimeoutSeconds: number, idleSeconds = 3600): string {
  const head = `Behind a ${formatDuration(natTimeoutSeconds)} NAT`;
  if (hosts.length === 0) return `${head}: no hosts.`;
  const dying = new Map<string, string[]>();
  let survivors = 0;
  // Thousands of hosts share a handful of distinct settings: ask the model once per distinct one.
  const outcomes = new Map<string, ReturnType<typeof survivesIdle>>();
  for (const h of hosts) {
    const s = h.settings;
    const key = `${s.serverAliveInterval},${s.serverAliveCountMax},${s.tcpKeepAlive},${s.clientAliveInterval},${s.clientAliveCountMax}`;
    let o = outcomes.get(key);
    if (!o) {
      o = survivesIdle(s, natTimeoutSeconds, idleSeconds);
      outcomes.set(key, o);
    }
    if (o.survives) {
      survivors++;
      continue;
    }
    const after = formatDuration(o.entryDeletedAfter ?? o.sessionEndedAfter ?? natTimeoutSeconds);
    dying.set(after, [...(dying.get(after) ?? []), h.pattern]);
  }
  const total = hosts.length;
  const count = survivors === total ? (total === 1 ? 'the host survives' : `all ${total} hosts survive`) : `${survivors} of ${total} ${total === 1 ? 'host survives' : 'hosts survive'}`;
  const deaths = [...dying.entries()].map(([after, names]) => `${listNames(names)} ${names.length === 1 ? 'dies' : 'die'} after ${after}`);
  return `${head}: ${count} ${idleWords(idleSeconds)}${deaths.length ? `; ${deaths.join('; ')}` : ''}.`;
}
