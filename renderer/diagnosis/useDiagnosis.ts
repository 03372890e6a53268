import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { DiagnosisProgress } from '../../common/contract/diagnosis';
import type { AppErrorData } from '../../common/contract/errors';
import type { DiagnosisReport } from '../../common/diagnosis/schema';
import { errorData } from '../api';

export interface DiagnosisControl {
  /** The host being diagnosed, while it runs. */
  running: string | null;
  progress: DiagnosisProgress | null;
  report: DiagnosisReport | null;
  error: AppErrorData | null;
  cancelled: boolean;
  run(host: string, natTimeoutSeconds: number): void;
  cancel(): void;
}

const newRunId = () => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `run-${Date.now()}-${Math.random().toString(36).slice(2)}`);

/**
 * One host's diagnosis in the renderer: run it (the answer is the report), follow the
 * `diagnosis:progress` events of this run only, cancel. Closing the panel cancels a running one,
 * so no ssh outlives the view that started it.
 */
export function useDiagnosis(api: KeepaliveApi, configPath: string, onReport: (report: DiagnosisReport) => void): DiagnosisControl {
  const [running, setRunning] = useState<string | null>(null);
  const [progress, setProgress] = useState<DiagnosisProgress | null>(null);
  const [report, setReport] = useState<DiagnosisReport | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const runId = useRef<string | null>(null);
  const reportTo = useRef(onReport);
  reportTo.current = onReport;

  useEffect(() => api.on('diagnosis:progress', (p) => p.runId === runId.current && p.phase !== 'done' && setProgress(p)), [api]);
  useEffect(
    () => () => {
      if (runId.current) void api.invoke('diagnosis:cancel', { runId: runId.current }).catch(() => undefined);
    },
    [api],
  );

  const run = useCallback(
    (host: string, natTimeoutSeconds: number) => {
      const id = newRunId();
      runId.current = id;
      setRunning(host);
      setProgress(null);
      setError(null);
      setCancelled(false);
      api
        .invoke('diagnosis:run', { configPath, host, natTimeoutSeconds, runId: id })
        .then(
          (r) => {
            if (runId.current !== id) return;
            setReport(r);
            reportTo.current(r);
          },
          (err: unknown) => {
            if (runId.current !== id) return;
            const e = errorData(err);
            if (e.code === 'cancelled') setCancelled(true);
            else setError(e);
          },
        )
        .finally(() => {
          if (runId.current !== id) return;
          runId.current = null;
          setRunning(null);
          setProgress(null);
        });
    },
    [api, configPath],
  );

  const cancel = useCallback(() => {
    if (runId.current) void api.invoke('diagnosis:cancel', { runId: runId.current }).catch((err: unknown) => setError(errorData(err)));
  }, [api]);

  return { running, progress, report, error, cancelled, run, cancel };
}
