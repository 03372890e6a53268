import { useCallback, useState } from 'react';
import { DEFAULT_NAT_TIMEOUT } from '../../common/contract/keepalive';

/** Shared by the Hosts and NAT views, so both judge hosts against the same router. */
const NAT_KEY = 'ssh-keepalive-nat-timeout';

/** The NAT idle timeout the user chose, kept across reloads of this browser profile. */
export function useNatTimeout(fallback = DEFAULT_NAT_TIMEOUT): [number, (seconds: number) => void] {
  const [seconds, setSeconds] = useState(() => {
    const stored = Number(window.localStorage.getItem(NAT_KEY));
    return Number.isInteger(stored) && stored > 0 ? stored : fallback;
  });
  const update = useCallback((next: number) => {
    window.localStorage.setItem(NAT_KEY, String(next));
    setSeconds(next);
  }, []);
  return [seconds, update];
}
