import { useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { HostRow } from '../../common/contract/hosts';
import type { ExportFormat, PuttyMapping, PuttyTool } from '../../common/contract/sessions';
import { describeError } from '../../common/format/error';
import { useTask } from '../ui/useTask';
import { downloadFile } from './download';
import { RegistryWrite } from './RegistryWrite';
import { SessionCard } from './SessionCard';
import { usePuttyMapping, useSessionPlaces } from './usePuttyMapping';
import './putty.css';

export interface PuttyPanelProps {
  api: KeepaliveApi;
  host: HostRow;
  /** The root config the snapshot was read from (what the putty:* channels need). */
  configPath: string;
}

const EXPORTS: Array<{ tool: PuttyTool; format: ExportFormat; label: string }> = [
  { tool: 'putty', format: 'reg', label: 'PuTTY .reg (Windows)' },
  { tool: 'putty', format: 'unix', label: 'PuTTY session file (Linux)' },
  { tool: 'winscp', format: 'reg', label: 'WinSCP .reg' },
  { tool: 'winscp', format: 'ini', label: 'WinSCP.ini section' },
];

/** Why this host cannot be exported in this format (a name the program cannot store), or null. */
function blockedExport(mapping: PuttyMapping, e: (typeof EXPORTS)[number]): string | null {
  if (e.tool === 'winscp') return mapping.winscp.nameError;
  return e.format === 'unix' ? mapping.putty.unixNameError : mapping.putty.nameError;
}

/**
 * A host's PuTTY session and WinSCP site: the same host, port, user and keepalive as its effective
 * OpenSSH settings, where each program stores them, and downloads with the CLI's exact bytes.
 */
export function PuttyPanel({ api, host, configPath }: PuttyPanelProps) {
  const { mapping, error } = usePuttyMapping(api, host, configPath);
  const { registry, unixDir } = useSessionPlaces(api);
  const task = useTask();
  const [installed, setInstalled] = useState(false);
  const selection = { hosts: [host.id], all: false, defaults: false };

  const exportAs = (e: (typeof EXPORTS)[number]) =>
    task.run(
      e.label,
      async () => {
        const result = await api.invoke('putty:export', { configPath, tool: e.tool, format: e.format, ...selection, sessionNames: {} });
        for (const f of result.files) downloadFile(f);
        return `Downloaded ${result.files.map((f) => f.name).join(', ')}.`;
      },
      'Export failed: ',
    );
  const save = () =>
    task.run(
      'install',
      async () => {
        const r = await api.invoke('putty:installUnix', { configPath, ...selection });
        setInstalled(r.written.length > 0);
        return r.message;
      },
      'Could not save: ',
    );
  const undoSave = () =>
    task.run(
      'undo',
      async () => {
        const r = await api.invoke('putty:undoFile', { source: { kind: 'unix-default' } });
        setInstalled(false);
        return r.message;
      },
      'Undo failed: ',
    );

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
          const blocked = blockedExport(mapping, e);
          return (
            <button key={e.label} type="button" className="small" disabled={task.busy !== null || blocked !== null} title={blocked ?? undefined} onClick={() => void exportAs(e)}>
              {task.busy === e.label ? 'Exporting…' : `Download ${e.label}`}
            </button>
          );
        })}
      </div>
      <p className="putty-status" role="status">
        {task.status}
      </p>
      {unixDir && mapping.putty.unixFile && (
        <div className="putty-exports">
          <button type="button" className="small" disabled={task.busy !== null} onClick={() => void save()}>
            Save as PuTTY session on this computer
          </button>
          {installed && (
            <button type="button" className="small" disabled={task.busy !== null} onClick={() => void undoSave()}>
              Undo save
            </button>
          )}
        </div>
      )}
      {registry && (
        <div className="putty-exports">
          {mapping.putty.registryKey && <RegistryWrite api={api} configPath={configPath} selection={selection} tool="putty" />}
          {mapping.winscp.registryKey && <RegistryWrite api={api} configPath={configPath} selection={selection} tool="winscp" />}
        </div>
      )}
    </div>
  );
}
