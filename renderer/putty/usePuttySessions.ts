import { useCallback, useEffect, useState } from 'react';
import type { KeepaliveApi } from '../../electron/contract/channels';
import type { AppErrorData } from '../../electron/contract/errors';
import type { PuttyImportResult, SessionSource, SourceOption } from '../../electron/contract/putty';
import { errorData } from '../api';

export interface Notice {
  kind: 'done' | 'error';
  text: string;
  /** What undo restores: a file path (journal) or the registry backup. */
  undo?: { kind: 'file'; path: string } | { kind: 'registry' };
}

/** State of the "PuTTY & WinSCP sessions" view: where to read, what was read, changes and undo. */
export function usePuttySessions(api: KeepaliveApi) {
  const [options, setOptions] = useState<SourceOption[]>([]);
  const [registryAvailable, setRegistryAvailable] = useState(false);
  const [source, setSource] = useState<SessionSource | null>(null);
  const [result, setResult] = useState<PuttyImportResult | null>(null);
  const [loadError, setLoadError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);

  useEffect(() => {
    api.invoke('putty:sources', {}).then(
      (r) => {
        setOptions(r.options);
        setRegistryAvailable(r.registryAvailable);
        setSource((cur) => cur ?? r.options[0]?.source ?? null);
      },
      (err: unknown) => setLoadError(errorData(err)),
    );
  }, [api]);

  const read = useCallback(
    async (from: SessionSource) => {
      setBusy(true);
      setLoadError(null);
      try {
        setResult(await api.invoke('putty:import', { source: from }));
      } catch (err) {
        setResult(null);
        setLoadError(errorData(err));
      } finally {
        setBusy(false);
      }
    },
    [api],
  );

  useEffect(() => {
    if (source && source.kind !== 'file') void read(source);
  }, [source, read]);

  const enable = async (names: string[], interval: number) => {
    if (!source || names.length === 0) return;
    setBusy(true);
    setNotice(null);
    try {
      const r = await api.invoke('putty:enableKeepalive', { source, sessions: names, interval });
      setResult(r.result);
      const undo: Notice['undo'] = r.backupFile ? { kind: 'registry' } : r.changedFiles.length ? { kind: 'file', path: r.result.location } : undefined;
      setNotice({ kind: 'done', text: r.message, ...(undo ? { undo } : {}) });
    } catch (err) {
      setNotice({ kind: 'error', text: errorData(err).message });
    } finally {
      setBusy(false);
    }
  };

  const undo = async (what: NonNullable<Notice['undo']>) => {
    setBusy(true);
    try {
      if (what.kind === 'file') {
        const r = await api.invoke('putty:undoFile', { path: what.path });
        setResult(r.result);
        setNotice({ kind: 'done', text: r.message });
      } else {
        const r = await api.invoke('putty:undoRegistry', {});
        setNotice({ kind: 'done', text: r.message });
        if (source) await read(source);
      }
    } catch (err) {
      setNotice({ kind: 'error', text: errorData(err).message });
    } finally {
      setBusy(false);
    }
  };

  return { options, registryAvailable, source, setSource, result, loadError, busy, notice, setNotice, read, enable, undo };
}
