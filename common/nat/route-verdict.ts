import type { KeepaliveValues, Route, Verdict, VerdictFacts } from '../contract/hosts';
import { sessionSettingsOf, type SessionSettings } from './simulation';
import { idleVerdict, verdictText } from './verdict';

/**
 * A host behind jump hosts: its session runs inside the first hop's TCP connection, so the NAT sees
 * one entry (to the first hop) that every connection of the chain refreshes: the host's own ssh
 * session and each jump connection (`ssh -W`, which reads the jump host's block, never the host's).
 * Any one of them sending keepalives often enough keeps the entry, and so the host's session, alive.
 */
export interface Carrier {
  /** The jump host whose connection this is; undefined for the host's own session. */
  via: string | undefined;
  settings: SessionSettings;
}

export function carriersOf(values: KeepaliveValues, route: Route | undefined): Carrier[] {
  const own = sessionSettingsOf(values);
  if (!route || route.kind === 'direct') return [{ via: undefined, settings: own }];
  // Behind a jump the host's ssh talks to a pipe: its TCPKeepAlive reaches no NAT; the first hop's does.
  const carriers: Carrier[] = [{ via: undefined, settings: { ...own, tcpKeepAlive: false } }];
  if (route.kind === 'jumps') {
    route.hops.forEach((h, i) =>
      carriers.push({
        via: h.alias,
        settings: { ...own, serverAliveInterval: h.serverAliveInterval, serverAliveCountMax: h.serverAliveCountMax, tcpKeepAlive: i === 0 && h.tcpKeepAlive },
      }),
    );
  }
  return carriers;
}

/** The carrier that keeps the entry alive (the host's own session first), or the host's own when none does. */
export function decidingCarrier(values: KeepaliveValues, route: Route | undefined, natTimeoutSeconds: number): Carrier {
  const carriers = carriersOf(values, route);
  return carriers.find((c) => idleVerdict(c.settings, natTimeoutSeconds).protected) ?? carriers[0]!;
}

/**
 * The verdict of a host as ssh reaches it (common/nat/verdict.ts's model, per connection of the
 * chain). A ProxyCommand the app cannot follow is "unknown" unless the host's own keepalive protects it.
 */
export function routeVerdict(values: KeepaliveValues, route: Route | undefined, natTimeoutSeconds: number): Verdict {
  // Reached directly, the host's own session is the one carrier (most rows of a big config).
  if (!route || route.kind === 'direct') return idleVerdict(sessionSettingsOf(values), natTimeoutSeconds);
  const carrier = decidingCarrier(values, route, natTimeoutSeconds);
  const verdict = idleVerdict(carrier.settings, natTimeoutSeconds);
  if (verdict.protected) {
    if (carrier.via === undefined || verdict.facts?.kind !== 'keepalive') return verdict;
    const facts: VerdictFacts = { ...verdict.facts, via: carrier.via };
    return { protected: true, text: verdictText(facts), facts };
  }
  if (route?.kind === 'unknown') {
    const facts: VerdictFacts = { kind: 'unknown', via: route.via, reason: route.reason };
    return { protected: false, text: verdictText(facts), facts };
  }
  return verdict;
}
