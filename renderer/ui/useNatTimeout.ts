import { useCallback, useSyncExternalStore } from 'react';
import { DEFAULT_NAT_TIMEOUT } from '../../common/contract/keepalive';

/** Shared by the Hosts and NAT views and the probe's result, so all judge hosts against the same router. */
const NAT_KEY = 'ssh-keepalive-nat-timeout';

/**
 * The one remembered NAT idle timeout: kept in this browser profile, and one value for every view
 * at once. A choice made anywhere (the Hosts view's field, the NAT view's presets, "Use N s as my
 * NAT timeout" after a measurement) reaches every view that shows it, without a reload.
 */
const listeners = new Set<() => void>();

function read(): number | null {
  const stored = Number(window.localStorage.getItem(NAT_KEY));
  return Number.isInteger(stored) && stored > 0 ? stored : null;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another window of the same profile changed it.
  const onStorage = (e: StorageEvent) => {
    if (e.key === NAT_KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The remembered NAT timeout now (or `fallback`), outside React: the opening screen's early read. */
export function storedNatTimeout(fallback = DEFAULT_NAT_TIMEOUT): number {
  return read() ?? fallback;
}

/** Remembers `seconds` as the NAT timeout and tells every view. */
export function setNatTimeout(seconds: number): void {
  window.localStorage.setItem(NAT_KEY, String(seconds));
  listeners.forEach((l) => l());
}

/** The NAT idle timeout the user chose (or `fallback` until they choose one), and the way to change it. */
export function useNatTimeout(fallback = DEFAULT_NAT_TIMEOUT): [number, (seconds: number) => void] {
  const stored = useSyncExternalStore(subscribe, read, () => null);
  const update = useCallback((next: number) => setNatTimeout(next), []);
  return [stored ?? fallback, update];
}
