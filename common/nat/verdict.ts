import type { KeepaliveValues, Verdict, VerdictFacts } from '../contract/hosts';
import { formatDuration, formatInterval, PLAIN, type UnitStyle } from '../format/duration';
import { LINUX_TCP_KEEPALIVE, OPENSSH_DEFAULTS, sessionSettingsOf, survivesIdle, type SessionSettings } from './simulation';

/** Re-exported for callers that had it here; new code imports common/format/duration. */
export { formatDuration } from '../format/duration';

/**
 * Will an idle session survive a NAT that forgets connections idle for `natTimeout` seconds?
 * Answered by the NAT diagram's model (common/nat/simulation.ts, pure, no DOM), so the Hosts view
 * and the animation never disagree: it follows OpenSSH's ServerAliveInterval/CountMax and the
 * kernel's TCPKeepAlive (first probe after 2 h: no help against minutes-long NAT timeouts).
 */
export function verdictFor(values: KeepaliveValues, natTimeout: number): Verdict {
  return idleVerdict(sessionSettingsOf(values), natTimeout);
}

/**
 * Verdicts by NAT timeout, then each setting (nested maps: nothing is built to look one up), each
 * made once and frozen: thousands of rows share a handful, and no caller can change a shared one.
 */
type Level<T> = Map<number, T>;
const verdictCache: Level<Level<Level<Level<Level<[Verdict | undefined, Verdict | undefined]>>>>> = new Map();
let cachedVerdicts = 0;

function level<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}

/**
 * Does an idle session with these settings survive behind this NAT, forever? Memoized by value
 * (a config with thousands of hosts has a handful of distinct settings); the verdict is shared and frozen.
 */
export function idleVerdict(settings: SessionSettings, natTimeoutSeconds: number): Verdict {
  if (cachedVerdicts >= 1024) {
    verdictCache.clear();
    cachedVerdicts = 0;
  }
  const slot = level(
    level(level(level(level(verdictCache, natTimeoutSeconds, () => new Map()), settings.serverAliveInterval, () => new Map()), settings.serverAliveCountMax, () => new Map()), settings.clientAliveInterval, () => new Map()),
    settings.clientAliveCountMax,
    (): [Verdict | undefined, Verdict | undefined] => [undefined, undefined],
  );
  const t = settings.tcpKeepAlive ? 1 : 0;
  let verdict = slot[t];
  if (!verdict) {
    const facts = Object.freeze(verdictFacts(settings, natTimeoutSeconds));
    verdict = Object.freeze({ protected: isProtected(facts), text: verdictText(facts), facts });
    slot[t] = verdict;
    cachedVerdicts++;
  }
  return verdict;
}

/**
 * A PuTTY session or WinSCP site judged by the same model as a host: its keepalive (PuTTY's
 * "Seconds between keepalives", WinSCP's null packets) is an SSH message that crosses the NAT like
 * ServerAliveInterval; PuTTY never counts unanswered ones, so no CountMax ends the session.
 */
export function sessionVerdict(keepaliveSeconds: number, tcpKeepalives: boolean | null, natTimeoutSeconds: number): Verdict {
  return idleVerdict({ ...OPENSSH_DEFAULTS, serverAliveInterval: keepaliveSeconds, serverAliveCountMax: 1_000_000, tcpKeepAlive: tcpKeepalives === true }, natTimeoutSeconds);
}

export function verdictFacts(settings: SessionSettings, natTimeoutSeconds: number): VerdictFacts {
  const o = survivesIdle(settings, natTimeoutSeconds, Infinity);
  if (o.survives) {
    if (o.keptAliveBy === 'server-keepalive') return { kind: 'server-keepalive', interval: settings.clientAliveInterval };
    if (o.keptAliveBy === 'tcp-keepalive') return { kind: 'tcp-keepalive', afterSeconds: LINUX_TCP_KEEPALIVE.timeMs / 1000, natTimeoutSeconds };
    return { kind: 'keepalive', interval: settings.serverAliveInterval };
  }
  if (o.sessionEnd === 'server-timeout' && o.entryDeletedAfter === null) {
    return { kind: 'count-max', countMax: settings.serverAliveCountMax, afterSeconds: o.sessionEndedAfter ?? 0 };
  }
  const afterSeconds = o.entryDeletedAfter ?? o.sessionEndedAfter ?? natTimeoutSeconds;
  if (settings.serverAliveInterval > 0) return { kind: 'too-slow', interval: settings.serverAliveInterval, afterSeconds };
  return { kind: 'no-keepalive', afterSeconds };
}

export function isProtected(facts: VerdictFacts): boolean {
  return facts.kind === 'keepalive' || facts.kind === 'server-keepalive' || facts.kind === 'tcp-keepalive';
}

/** The verdict in words; `style` lets a narrow column keep "60 s" on one line. */
export function verdictText(facts: VerdictFacts, style: UnitStyle = PLAIN): string {
  const duration = (s: number) => formatDuration(s, style);
  const interval = (s: number) => formatInterval(s, style);
  const dies = (s: number) => `an idle session dies after ${duration(s)} behind this NAT`;
  switch (facts.kind) {
    case 'keepalive':
      return facts.via === undefined ? `protected: keepalive every ${interval(facts.interval)}` : `protected: the jump connection to ${facts.via} sends keepalive every ${interval(facts.interval)}`;
    case 'server-keepalive':
      return `protected: the server's keepalive every ${interval(facts.interval)}`;
    case 'tcp-keepalive':
      return `protected: TCP keepalive after ${duration(facts.afterSeconds)} idle, only because this NAT waits ${duration(facts.natTimeoutSeconds)}`;
    case 'count-max':
      return `unprotected: ServerAliveCountMax ${facts.countMax} ends an idle session after ${duration(facts.afterSeconds)}`;
    case 'too-slow':
      return `unprotected: keepalive every ${interval(facts.interval)} is too slow; ${dies(facts.afterSeconds)}`;
    case 'no-keepalive':
      return `unprotected: ${dies(facts.afterSeconds)}`;
    case 'unknown':
      return `unknown: reached through ${facts.via}, which the app cannot follow (${facts.reason}); a keepalive of its own would protect it`;
  }
}
