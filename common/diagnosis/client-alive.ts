import { clientAliveDoubled, type OpenSshVersion } from './openssh-version';

/**
 * How often an idle connection really carries the server's keepalive: ClientAliveInterval, or
 * twice that on sshd 9.2-9.4 (measured here on 9.2: interval 3 gave probes at 6.4 s and 12.4 s).
 * Unknown version: the configured interval (the later, fixed behaviour).
 */
export function serverKeepalivePeriod(interval: number, version: OpenSshVersion | null): number {
  if (interval <= 0) return 0;
  return version && clientAliveDoubled(version) ? 2 * interval : interval;
}

/**
 * The ClientAliveInterval behind a measured gap between two probes (inverse of the above), rounded
 * to whole seconds as sshd takes it.
 */
export function intervalFromMeasuredPeriod(periodSeconds: number, version: OpenSshVersion | null): number {
  const raw = version && clientAliveDoubled(version) ? periodSeconds / 2 : periodSeconds;
  return Math.max(1, Math.round(raw));
}

/**
 * A server keepalive interval that beats a NAT forgetting idle flows after `natTimeout` s: the
 * period must stay under it with a margin, and sshd 9.2-9.4 sends at twice the interval.
 */
export function serverIntervalFor(natTimeout: number, version: OpenSshVersion | null): number {
  const period = clientIntervalFor(natTimeout);
  return Math.max(1, version && clientAliveDoubled(version) ? Math.floor(period / 2) : period);
}

/** The client keepalive the app recommends for a NAT timeout: half of it, at most the usual 60 s. */
export function clientIntervalFor(natTimeout: number): number {
  return Math.max(1, Math.min(60, Math.floor(natTimeout / 2)));
}
