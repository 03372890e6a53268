import { useEffect, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { AppErrorData } from '../../common/contract/errors';
import type { HostRow } from '../../common/contract/hosts';
import type { ExportFormat, PuttyMapping, PuttyTool } from '../../common/contract/sessions';
import { errorData } from '../api';
import { describeError } from '../../common/format/error';
import { downloadFile } from './download';
import { RegistryWrite } from './RegistryWrite';
import { SessionCard } from './SessionCard';
import './putty.css';

export interface PuttyPanelProps {
  api: KeepaliveApi;
  host: HostRow;
  configPath: string;
}

const EXPORTS: Array<{ tool: PuttyTool; format: ExportFormat; label: string }> = [
  { tool: 'putty', format: 'reg', label: 'PuTTY .reg (Windows)' },
  { tool: 'putty', format: 'unix', label: 'PuTTY session file (Linux)' },
  { tool: 'winscp', format: 'reg', label: 'WinSCP .reg' },
  { tool: 'winscp', format: 'ini', label: 'WinSCP.ini section' },
];

/**
 * A host's PuTTY session and WinSCP site: the same host, port, user and keepalive as its effective
 * OpenSSH settings, where each program stores them, and downloads with the CLI's exact bytes.
 */
export function PuttyPanel({ api, host, configPath }: PuttyPanelProps) {
  const [mapping, setMapping] = useState<PuttyMapping | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [registry, setRegistry] = useState(false);
  const [unixDir, setUnixDir] = useState<string | null>(null);
  const [installed, setInstalled] = useState<string | null>(null);
  // The host's values change with every snapshot that touches it: map again then.
  const key = JSON.stringify([configPath, host.id, host.values, host.connection]);

  useEffect(() => {
    let live = true;
    setError(null);
    api.invoke('putty:mapping', { configPath, hostId: host.id }).then(
      (m) => live && setMapping(m),
      (err: unknown) => live && setError(errorData(err)),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key]);

  // Writing straight into HKCU is offered only where a registry exists (Windows).
  useEffect(() => {
    let live = true;
    api.invoke('putty:sources', {}).then(
      (r) => {
        if (!live) return;
        setRegistry(r.registryAvailable);
        const unix = r.options.find((o) => o.source.kind === 'unix-default');
        setUnixDir(unix ? unix.detail : null);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);

  const doExport = async (tool: PuttyTool, format: ExportFormat, label: string) => {
    setBusy(label);
    setStatus('');
    try {
      const result = await api.invoke('putty:export', { configPath, tool, format, hosts: [host.id], all: false, defaults: false, sessionNames: {} });
      for (const f of result.files) downloadFile(f);
      setStatus(`Downloaded ${result.files.map((f) => f.name).join(', ')}.`);
    } catch (err) {
      setStatus(`Export failed: ${describeError(errorData(err))}`);
    } finally {
      setBusy(null);
    }
  };

  if (error) {
    return (
      <div className="putty-panel" role="alert">
        Could not map {host.pattern} to PuTTY/WinSCP: {describeError(error)}
      </div>
    );
  }
  if (!mapping) {
    return (
      <div className="putty-panel" aria-busy="true">
        Reading the PuTTY and WinSCP equivalents…
      </div>
    );
  }
  return (
    <div className="putty-panel" data-testid="putty-panel">
      <div className="putty-cards">
        <SessionCard settings={mapping.putty} title="PuTTY" />
        <SessionCard settings={mapping.winscp} title="WinSCP" />
      </div>
      <div className="putty-exports" role="group" aria-label={`Export ${host.pattern} for PuTTY and WinSCP`}>
        {EXPORTS.map((e) => {
          const blocked = e.tool === 'putty' ? (e.format === 'unix' ? mapping.putty.unixNameError : mapping.putty.nameError) : mapping.winscp.nameError;
          return (
            <button key={e.label} type="button" className="small" disabled={busy !== null || blocked !== null} title={blocked ?? undefined} onClick={() => void doExport(e.tool, e.format, e.label)}>
              {busy === e.label ? 'Exporting…' : `Download ${e.label}`}
            </button>
          );
        })}
      </div>
      <p className="putty-status" role="status">
        {status}
      </p>
      {unixDir && mapping.putty.unixFile && (
        <div className="putty-exports">
          <button
            type="button"
            className="small"
            disabled={busy !== null}
            onClick={() =>
              void (async () => {
                setBusy('install');
                try {
                  const r = await api.invoke('putty:installUnix', { configPath, hosts: [host.id], all: false, defaults: false });
                  setStatus(r.message);
                  setInstalled(r.written.length ? r.sessionsDir : null);
                } catch (err) {
                  setStatus(`Could not save: ${describeError(errorData(err))}`);
                } finally {
                  setBusy(null);
                }
              })()
            }
          >
            Save as PuTTY session on this computer
          </button>
          {installed && (
            <button
              type="button"
              className="small"
              disabled={busy !== null}
              onClick={() =>
                void (async () => {
                  try {
                    const r = await api.invoke('putty:undoFile', { source: { kind: 'unix-default' } });
                    setStatus(r.message);
                    setInstalled(null);
                  } catch (err) {
                    setStatus(`Undo failed: ${describeError(errorData(err))}`);
                  }
                })()
              }
            >
              Undo save
            </button>
          )}
        </div>
      )}
      {registry && (
        <div className="putty-exports">
          {mapping.putty.registryKey && <RegistryWrite api={api} configPath={configPath} selection={{ hosts: [host.id], all: false, defaults: false }} tool="putty" />}
          {mapping.winscp.registryKey && <RegistryWrite api={api} configPath={configPath} selection={{ hosts: [host.id], all: false, defaults: false }} tool="winscp" />}
        </div>
      )}
    </div>
  );
}

