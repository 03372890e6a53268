import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { AppErrorData } from '../../common/contract/errors';
import { PROBE_DEFAULT_CONNECTIONS, type ProbeState } from '../../common/contract/probe';
import { errorData } from '../api';

/** How often the panel asks for the state while running (events, where the shell sends them, are faster). */
const POLL_MS = 1000;

export interface ProbeControl {
  state: ProbeState | null;
  /** A failure to start or to reach the app (a failed measurement is in state.error). */
  error: AppErrorData | null;
  starting: boolean;
  start(host: string, maxIdleSeconds: number): void;
  cancel(): void;
}

/**
 * One measurement's life in the renderer: start, follow (pushed `probe:progress` events and a
 * slow poll of `probe:status`, newest version wins), cancel. Leaving the panel cancels a running
 * measurement, so no connection outlives the view that started it.
 */
export function useProbe(api: KeepaliveApi): ProbeControl {
  const [state, setState] = useState<ProbeState | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [starting, setStarting] = useState(false);
  const current = useRef<ProbeState | null>(null);

  const accept = useCallback((next: ProbeState) => {
    const cur = current.current;
    // Only the run this panel started, and only newer states of it.
    if (!cur || cur.probeId !== next.probeId || cur.version >= next.version) return;
    current.current = next;
    setState(next);
  }, []);

  useEffect(() => api.on('probe:progress', accept), [api, accept]);

  const running = state?.status === 'running';
  const probeId = state?.probeId;
  useEffect(() => {
    if (!running || !probeId) return;
    const timer = setInterval(() => {
      api.invoke('probe:status', { probeId }).then(accept, (err: unknown) => setError(errorData(err)));
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [api, accept, running, probeId]);

  useEffect(
    () => () => {
      const cur = current.current;
      if (cur?.status === 'running') void api.invoke('probe:cancel', { probeId: cur.probeId }).catch(() => undefined);
    },
    [api],
  );

  const start = useCallback(
    (host: string, maxIdleSeconds: number) => {
      setError(null);
      setStarting(true);
      current.current = null;
      api
        .invoke('probe:start', { configPath: '', host, maxIdleSeconds, connections: PROBE_DEFAULT_CONNECTIONS, replyTimeoutSeconds: 10 })
        .then(
          (started) => {
            // The new run replaces whatever was shown; its later states must be newer than this one.
            current.current = started;
            setState(started);
          },
          (err: unknown) => setError(errorData(err)),
        )
        .finally(() => setStarting(false));
    },
    [api, accept],
  );

  const cancel = useCallback(() => {
    const cur = current.current;
    if (!cur || cur.status !== 'running') return;
    api.invoke('probe:cancel', { probeId: cur.probeId }).then(accept, (err: unknown) => setError(errorData(err)));
  }, [api, accept]);

  return { state, error, starting, start, cancel };
}
