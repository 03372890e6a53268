import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { AppErrorData } from '../../common/contract/errors';
import type { AnsibleExportResult, AnsibleRunResult } from '../../common/contract/remote-server';
import { errorData } from '../api';

const MAX_LINES = 2000;
const newRunId = () => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `ansible-${Date.now()}-${Math.random().toString(36).slice(2)}`);

/**
 * "Export to Ansible": the export (kept in the app's own folder, offered as downloads, or written to
 * a folder chosen in the window's dialog), and running it with ansible-playbook where that is
 * installed, its output streamed line by line (remote-server:ansible-output of this run only).
 */
export function useAnsible(api: KeepaliveApi, configPath: string) {
  const [exported, setExported] = useState<AnsibleExportResult | null>(null);
  const [busy, setBusy] = useState<'export' | 'pick' | 'run' | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [lines, setLines] = useState<string[]>([]);
  const [result, setResult] = useState<AnsibleRunResult | null>(null);
  const runId = useRef<string | null>(null);

  useEffect(
    () =>
      api.on('remote-server:ansible-output', (o) => {
        if (o.runId === runId.current) setLines((ls) => [...ls, o.line].slice(-MAX_LINES));
      }),
    [api],
  );

  const exportTo = useCallback(
    async (hosts: readonly string[], interval: number, destination: 'app' | 'pick') => {
      setBusy(destination === 'app' ? 'export' : 'pick');
      setError(null);
      try {
        setExported(await api.invoke('remote-server:ansible-export', { configPath, hosts: [...hosts], all: false, interval, destination }));
        setResult(null);
        setLines([]);
      } catch (err) {
        const e = errorData(err);
        if (e.code !== 'cancelled') setError(e);
      } finally {
        setBusy(null);
      }
    },
    [api, configPath],
  );

  const run = useCallback(
    async (check: boolean, password: string | null) => {
      if (!exported?.exportId) return;
      const id = newRunId();
      runId.current = id;
      setBusy('run');
      setError(null);
      setLines([]);
      setResult(null);
      try {
        setResult(await api.invoke('remote-server:ansible-run', { exportId: exported.exportId, check, runId: id, ...(password ? { password } : {}) }));
      } catch (err) {
        setError(errorData(err));
      } finally {
        setBusy(null);
      }
    },
    [api, exported],
  );

  return { exported, busy, error, lines, result, exportTo, run };
}
