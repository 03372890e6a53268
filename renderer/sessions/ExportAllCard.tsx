import { useId, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { ExportFormat, PuttyTool } from '../../common/contract/sessions';
import { useTask } from '../ui/useTask';
import { downloadFile } from './download';
import { RegistryWrite } from './RegistryWrite';

/**
 * Export of every named host (and PuTTY's Default Settings with the `Host *` keepalive) from the
 * default config: the same files as `ssh-keepalive export ... --all [--defaults]`.
 */
export function ExportAllCard({ api, canSaveUnix, registry, onSaved }: { api: KeepaliveApi; canSaveUnix: boolean; registry: boolean; onSaved: () => void }) {
  const [all, setAll] = useState(true);
  const [defaults, setDefaults] = useState(true);
  const task = useTask();
  const busy = task.busy !== null;
  const allId = useId();
  const defaultsId = useId();
  const request = (tool: PuttyTool) => ({ configPath: '', hosts: [], all, defaults: tool === 'putty' && defaults, sessionNames: {} });
  const nothing = (tool: PuttyTool) => !all && !(tool === 'putty' && defaults);

  const download = (tool: PuttyTool, format: ExportFormat) =>
    task.run('export', async () => {
      const r = await api.invoke('putty:export', { ...request(tool), tool, format });
      for (const f of r.files) downloadFile(f);
      return `Downloaded ${r.files.map((f) => f.name).join(', ')} with ${r.sessions.length} session(s).`;
    });
  const save = () =>
    task.run('save', async () => {
      const r = await api.invoke('putty:installUnix', request('putty'));
      onSaved();
      return r.message;
    });

  return (
    <section className="card" aria-labelledby="putty-export-all-heading">
      <h2 id="putty-export-all-heading">Export your hosts</h2>
      <div className="putty-source-list">
        <label htmlFor={allId}>
          <input id={allId} type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> Every host with a name in <code>~/.ssh/config</code>
        </label>
        <label htmlFor={defaultsId}>
          <input id={defaultsId} type="checkbox" checked={defaults} onChange={(e) => setDefaults(e.target.checked)} /> PuTTY’s Default Settings with the keepalive of <code>Host *</code>
        </label>
      </div>
      <div className="putty-exports">
        <button type="button" className="small" disabled={busy || nothing('putty')} onClick={() => void download('putty', 'reg')}>
          Download PuTTY .reg
        </button>
        <button type="button" className="small" disabled={busy || !all} onClick={() => void download('winscp', 'reg')}>
          Download WinSCP .reg
        </button>
        <button type="button" className="small" disabled={busy || !all} onClick={() => void download('winscp', 'ini')}>
          Download WinSCP.ini
        </button>
        {canSaveUnix && (
          <button
            type="button"
            className="small"
            disabled={busy || nothing('putty')}
            onClick={() => void save()}
          >
            Save into PuTTY’s sessions folder
          </button>
        )}
      </div>
      <p role="status" className="putty-status">
        {task.status}
      </p>
      {registry && (all || defaults) && (
        <div className="putty-exports">
          <RegistryWrite api={api} configPath="" selection={{ hosts: [], all, defaults }} tool="putty" />
          {all && <RegistryWrite api={api} configPath="" selection={{ hosts: [], all, defaults: false }} tool="winscp" />}
        </div>
      )}
    </section>
  );
}
