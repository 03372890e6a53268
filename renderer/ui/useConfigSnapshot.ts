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
      const next = await api.invoke('hosts:list', { configPath, natTimeoutSeconds });
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
