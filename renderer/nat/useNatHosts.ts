import { useCallback, useMemo, useState } from 'react';
import type { ConfigSnapshot } from '../../common/contract/hosts';
import { DEFAULT_INTERVAL } from '../../common/contract/keepalive';
import { hostsFromSnapshot, type NatHost } from '../../common/nat/scenario';

/** More lanes than this make an unreadable picture (and a slow one); the summary still counts every host. */
export const MAX_DIAGRAM_HOSTS = 50;

/**
 * The sessions the NAT view animates: the user's hosts (or the article's example), with the
 * servers' ClientAliveInterval the user tries, and the example hosts' switches as a what-if (they
 * have no config to write).
 */
export function useNatHosts(snapshot: ConfigSnapshot) {
  const [whatIf, setWhatIf] = useState<ReadonlySet<string>>(new Set());
  const [serverInterval, setServerInterval] = useState(0);
  const allHosts = useMemo(
    () =>
      hostsFromSnapshot(snapshot).map((h) => {
        const on = h.block === null && whatIf.has(h.key);
        return {
          ...h,
          keepaliveOn: on || h.keepaliveOn,
          settings: { ...h.settings, clientAliveInterval: serverInterval, ...(on ? { serverAliveInterval: DEFAULT_INTERVAL } : {}) },
        };
      }),
    [snapshot, whatIf, serverInterval],
  );
  const hosts = useMemo(() => (allHosts.length > MAX_DIAGRAM_HOSTS ? allHosts.slice(0, MAX_DIAGRAM_HOSTS) : allHosts), [allHosts]);
  const flipWhatIf = useCallback((h: NatHost) => {
    setWhatIf((prev) => {
      const next = new Set(prev);
      if (next.has(h.key)) next.delete(h.key);
      else next.add(h.key);
      return next;
    });
  }, []);
  return { allHosts, hosts, isExample: hosts.every((h) => h.block === null), flipWhatIf, serverInterval, setServerInterval };
}
