import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { AppErrorData } from '../../common/contract/errors';
import type { ConfigSnapshot } from '../../common/contract/hosts';
import { errorData } from '../api';

export interface SnapshotState {
  snapshot: ConfigSnapshot | null;
  error: AppErrorData | null;
  loading: boolean;
  reload: () => Promise<void>;
  /** An apply/undo answer carries the recomputed snapshot: show it without another round trip. */
  replace: (snapshot: ConfigSnapshot) => void;
}

/**
 * The opening screen's first read, sent before React's first render (main.tsx): the answer is on
 * its way while the page boots, and the first useConfigSnapshot for the same config and NAT
 * timeout takes it instead of asking again. Its own subscription notes any change announced before
 * the hook subscribes; then the early answer is dropped and the hook reads afresh.
 */
let primed: { key: string; answer: Promise<ConfigSnapshot>; changed: boolean; stop: () => void } | null = null;
const keyOf = (configPath: string, natTimeoutSeconds: number) => `${configPath}\n${natTimeoutSeconds}`;

export function primeConfigSnapshot(api: KeepaliveApi, configPath: string, natTimeoutSeconds: number): void {
  const seen = { changed: false };
  // Subscribe first, then read (as the hook does), so no change can fall between the two.
  const stop = api.on('config:changed', () => {
    seen.changed = true;
  });
  const answer = api.invoke('hosts:list', { configPath, natTimeoutSeconds });
  answer.catch(() => undefined); // a failure is the hook's to report, when it takes the answer
  primed = {
    key: keyOf(configPath, natTimeoutSeconds),
    answer,
    stop,
    get changed() {
      return seen.changed;
    },
  };
}

/** The primed answer for this read, once, unless the file changed since it was asked for. */
function takePrimed(configPath: string, natTimeoutSeconds: number): Promise<ConfigSnapshot> | null {
  const early = primed;
  primed = null;
  if (!early) return null;
  early.stop();
  return early.key === keyOf(configPath, natTimeoutSeconds) && !early.changed ? early.answer : null;
}

/** Loads `hosts:list` and reloads it whenever a watched config file changes on disk. */
export function useConfigSnapshot(api: KeepaliveApi, configPath: string, natTimeoutSeconds: number): SnapshotState {
  const [snapshot, setSnapshot] = useState<ConfigSnapshot | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [loading, setLoading] = useState(true);
  // Answers can arrive out of order (fast typing in the NAT field, a file event): only the newest counts.
  const latest = useRef(0);

  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const next = await (takePrimed(configPath, natTimeoutSeconds) ?? api.invoke('hosts:list', { configPath, natTimeoutSeconds }));
      if (ticket !== latest.current) return;
      setSnapshot(next);
      setError(null);
    } catch (err) {
      if (ticket === latest.current) setError(errorData(err));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, [api, configPath, natTimeoutSeconds]);

  const replace = useCallback((next: ConfigSnapshot) => {
    latest.current++;
    setSnapshot(next);
    setError(null);
    setLoading(false);
  }, []);

  // Subscribe before the first read, so no change can fall between the two.
  useEffect(() => api.on('config:changed', () => void reload()), [api, reload]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { snapshot, error, loading, reload, replace };
}
