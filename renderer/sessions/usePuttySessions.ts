import { useCallback, useEffect, useMemo, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { AppErrorData } from '../../common/contract/errors';
import { MAX_UPLOAD_BYTES, type EnableKeepaliveResult, type ExportedFile, type PuttyImportResult, type SessionSource, type SourceOption } from '../../common/contract/sessions';
import { formatInterval } from '../../common/format/duration';
import { errorData } from '../api';
import { useChangeFlow } from '../ui/useChangeFlow';
import { sessionsKeepaliveOps } from './keepaliveSessionsChange';

export interface Notice {
  kind: 'done' | 'error';
  text: string;
  /** What undo restores: a session store as it was read (journal), or the registry backup. */
  undo?: { kind: 'file'; source: SessionSource } | { kind: 'registry' };
  /** An uploaded file changed in the app's copy: the page offers the new bytes. */
  download?: ExportedFile;
}

/** A browser File as base64 (chunked: String.fromCharCode takes a bounded argument list). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
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

  // A listed source is read when chosen; a picked or uploaded file right after its pick.
  useEffect(() => {
    if (source && source.kind !== 'file' && source.kind !== 'picked') void read(source);
  }, [source, read]);

  const openPicked = (picked: SessionSource) => {
    setNotice(null);
    setSource(picked);
    void read(picked);
  };

  /** Electron: the OS dialog, shown by the main process; the page gets a handle. */
  const pick = async (kind: 'file' | 'folder') => {
    try {
      const r = await api.invoke('putty:pick', { kind });
      if (r.source) openPicked(r.source);
    } catch (err) {
      setNotice({ kind: 'error', text: errorData(err).message });
    }
  };

  /** Web page: the chosen file's bytes go to the host, which keeps a copy and answers a handle. */
  const upload = async (file: File) => {
    if (file.size > MAX_UPLOAD_BYTES) {
      setNotice({ kind: 'error', text: `${file.name} is larger than ${MAX_UPLOAD_BYTES / 1024} KB: not a PuTTY or WinSCP session file. Nothing was read.` });
      return;
    }
    setBusy(true);
    try {
      const r = await api.invoke('putty:upload', { name: file.name, base64: await base64Of(file) });
      openPicked(r.source);
    } catch (err) {
      setNotice({ kind: 'error', text: errorData(err).message });
    } finally {
      setBusy(false);
    }
  };

  /** A keepalive change was written: the list as it is now, and the outcome with its Undo and Download. */
  const applied = useCallback((r: EnableKeepaliveResult, from: SessionSource) => {
    setResult(r.result);
    const undo: Notice['undo'] = r.backupFile ? { kind: 'registry' } : r.changedFiles.length ? { kind: 'file', source: from } : undefined;
    setNotice({ kind: 'done', text: r.message, ...(undo ? { undo } : {}), ...(r.download ? { download: r.download } : {}) });
  }, []);
  const ops = useMemo(() => sessionsKeepaliveOps(api, applied), [api, applied]);
  const reread = useCallback(async () => {
    if (source) await read(source);
  }, [source, read]);
  // Preview (every session's diff) -> the one change dialog -> apply, as everywhere in the app.
  const flow = useChangeFlow(ops, reread);

  const enable = (names: string[], interval: number) => {
    if (!source || names.length === 0) return;
    setNotice(null);
    const title = names.length === 1 ? `Keep ${names[0]} alive (every ${formatInterval(interval)})` : `Keep ${names.length} sessions alive (every ${formatInterval(interval)})`;
    void flow.start({ source, sessions: names, interval }, title);
  };

  const undo = async (what: NonNullable<Notice['undo']>) => {
    setBusy(true);
    try {
      if (what.kind === 'file') {
        const r = await api.invoke('putty:undoFile', { source: what.source });
        setResult(r.result);
        setNotice({ kind: 'done', text: r.message, ...(r.download ? { download: r.download } : {}) });
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

  return { options, registryAvailable, source, setSource, result, loadError, busy: busy || flow.busy, notice, setNotice, read, pick, upload, enable, undo, flow };
}
