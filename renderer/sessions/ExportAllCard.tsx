import { useId, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import { DEFAULT_INTERVAL } from '../../common/contract/keepalive';
import type { ExportedSession, ExportFormat, PuttyTool } from '../../common/contract/sessions';
import { parseInterval } from '../../common/format/interval';
import { IntervalField } from '../ui/IntervalField';
import { useTask } from '../ui/useTask';
import { downloadFile } from './download';
import { RegistryWrite } from './RegistryWrite';

/**
 * Export of every named host (and PuTTY's Default Settings with the `Host *` keepalive) from the
 * default config: the same files as `ssh-keepalive export ... --all [--defaults] [--keepalive N|keep]`.
 * By default every session keeps alive every N s; what the export changed and each host's warnings
 * (jump hosts, key formats) are listed after it.
 */
function summary(details: ExportedSession[]): string {
  const raised = details.filter((d) => d.keepaliveOrigin === 'raised');
  const added = details.filter((d) => d.keepaliveOrigin === 'added').length;
  if (raised.length === 0 && added === 0) return '';
  const parts = [added ? `added to ${added} session${added === 1 ? '' : 's'} without one` : '', ...raised.map((d) => `${d.sessionName}: ${d.hostKeepaliveSeconds} s shortened to ${d.keepaliveSeconds} s`)];
  return ` Keepalive ${parts.filter(Boolean).join('; ')}.`;
}

export function ExportAllCard({ api, canSaveUnix, registry, onSaved }: { api: KeepaliveApi; canSaveUnix: boolean; registry: boolean; onSaved: () => void }) {
  const [all, setAll] = useState(true);
  const [defaults, setDefaults] = useState(true);
  const [keepOn, setKeepOn] = useState(true);
  const [intervalText, setIntervalText] = useState(String(DEFAULT_INTERVAL));
  const [warnings, setWarnings] = useState<string[]>([]);
  const parsed = parseInterval(intervalText);
  // Every N s (a host's own shorter interval stays), or each host's own values as they are.
  const keepalive = keepOn ? (parsed.ok ? parsed.value : null) : ('keep' as const);
  const task = useTask();
  const busy = task.busy !== null;
  const allId = useId();
  const defaultsId = useId();
  const keepOnId = useId();
  const request = (tool: PuttyTool) => ({ configPath: '', hosts: [], all, defaults: tool === 'putty' && defaults, sessionNames: {}, keepalive: keepalive ?? DEFAULT_INTERVAL });
  const nothing = (tool: PuttyTool) => keepalive === null || (!all && !(tool === 'putty' && defaults));

  const download = (tool: PuttyTool, format: ExportFormat) =>
    task.run('export', async () => {
      setWarnings([]);
      const r = await api.invoke('putty:export', { ...request(tool), tool, format });
      for (const f of r.files) downloadFile(f);
      setWarnings(r.warnings);
      return `Downloaded ${r.files.map((f) => f.name).join(', ')} with ${r.sessions.length} session(s).${summary(r.details)}`;
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
        <label htmlFor={keepOnId}>
          <input id={keepOnId} type="checkbox" checked={keepOn} onChange={(e) => setKeepOn(e.target.checked)} /> Keep every session alive: a keepalive where a host has none or a slower one
        </label>
        {keepOn ? (
          <IntervalField label="Keepalive in every exported session (seconds)" value={intervalText} onChange={setIntervalText} showLabel />
        ) : (
          <p className="hint">Each host’s own keepalive as in your config: hosts without one export with keepalive off, and Default Settings is left out unless <code>Host *</code> has one.</p>
        )}
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
      {warnings.length > 0 && (
        <ul className="putty-warnings" aria-label="Exported: settings without an exact equivalent">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {registry && (all || defaults) && (
        <div className="putty-exports">
          <RegistryWrite api={api} configPath="" selection={{ hosts: [], all, defaults, keepalive: keepalive ?? DEFAULT_INTERVAL }} tool="putty" />
          {all && <RegistryWrite api={api} configPath="" selection={{ hosts: [], all, defaults: false, keepalive: keepalive ?? DEFAULT_INTERVAL }} tool="winscp" />}
        </div>
      )}
    </section>
  );
}
