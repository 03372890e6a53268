import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { AppErrorData } from '../../common/contract/errors';
import { PROBE_DEFAULT_CONNECTIONS, type ProbeState } from '../../common/contract/probe';
import { errorData } from '../api';

/** How often the app asks for the state while running (events, where the shell sends them, are faster). */
const POLL_MS = 1000;

/** Survives a reload of the page: the core keeps the run, the page finds it again by its id. */
const STORE_KEY = 'ssh-keepalive-probe';

/** Which host row started the measurement: its panel shows the run and its result again when reopened. */
export interface ProbeOrigin {
  pattern: string;
}

export interface ProbeControl {
  state: ProbeState | null;
  origin: ProbeOrigin | null;
  /** A failure to start or to reach the app (a failed measurement is in state.error). */
  error: AppErrorData | null;
  starting: boolean;
  start(host: string, maxIdleSeconds: number, origin: ProbeOrigin): void;
  cancel(): void;
  /** Forgets a finished measurement (the status chip goes away). */
  dismiss(): void;
}

function stored(): { probeId: string; origin: ProbeOrigin } | null {
  try {
    const v = JSON.parse(window.sessionStorage.getItem(STORE_KEY) ?? 'null') as { probeId?: unknown; origin?: ProbeOrigin } | null;
    return v && typeof v.probeId === 'string' && v.origin ? { probeId: v.probeId, origin: v.origin } : null;
  } catch {
    return null;
  }
}

/**
 * The app's one measurement, as a background task: it lives above the views (ProbeTask.tsx), so
 * switching tabs or collapsing the host row never stops it; only Cancel does. Follows the run by
 * pushed `probe:progress` events and a slow poll of `probe:status` (newest version wins), and finds
 * it again after a reload of the page (the core keeps it).
 */
export function useProbe(api: KeepaliveApi): ProbeControl {
  const [state, setState] = useState<ProbeState | null>(null);
  const [origin, setOrigin] = useState<ProbeOrigin | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [starting, setStarting] = useState(false);
  const current = useRef<ProbeState | null>(null);

  const accept = useCallback((next: ProbeState) => {
    const cur = current.current;
    // Only the run this app started, and only newer states of it.
    if (!cur || cur.probeId !== next.probeId || cur.version >= next.version) return;
    current.current = next;
    setState(next);
  }, []);

  useEffect(() => api.on('probe:progress', accept), [api, accept]);

  // After a reload: the run the core still has (a forgotten id just means nothing to show).
  useEffect(() => {
    const saved = stored();
    if (!saved) return;
    api.invoke('probe:status', { probeId: saved.probeId }).then(
      (s) => {
        if (current.current) return;
        current.current = s;
        setState(s);
        setOrigin(saved.origin);
      },
      () => window.sessionStorage.removeItem(STORE_KEY),
    );
  }, [api]);

  const running = state?.status === 'running';
  const probeId = state?.probeId;
  useEffect(() => {
    if (!running || !probeId) return;
    const timer = setInterval(() => {
      api.invoke('probe:status', { probeId }).then(accept, (err: unknown) => setError(errorData(err)));
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [api, accept, running, probeId]);

  const start = useCallback(
    (host: string, maxIdleSeconds: number, from: ProbeOrigin) => {
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
            setOrigin(from);
            window.sessionStorage.setItem(STORE_KEY, JSON.stringify({ probeId: started.probeId, origin: from }));
          },
          (err: unknown) => setError(errorData(err)),
        )
        .finally(() => setStarting(false));
    },
    [api],
  );

  const cancel = useCallback(() => {
    const cur = current.current;
    if (!cur || cur.status !== 'running') return;
    api.invoke('probe:cancel', { probeId: cur.probeId }).then(accept, (err: unknown) => setError(errorData(err)));
  }, [api, accept]);

  const dismiss = useCallback(() => {
    if (current.current?.status === 'running') return;
    current.current = null;
    setState(null);
    setOrigin(null);
    setError(null);
    window.sessionStorage.removeItem(STORE_KEY);
  }, []);

  return { state, origin, error, starting, start, cancel, dismiss };
}
