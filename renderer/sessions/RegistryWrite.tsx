import { useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { ExportKeepalive, PuttyTool, WriteRegistryResult } from '../../common/contract/sessions';
import { useTask } from '../ui/useTask';

export interface RegistrySelection {
  hosts: string[];
  all: boolean;
  defaults: boolean;
  /** As the export: every N s (absent: 60), or `keep`. */
  keepalive?: ExportKeepalive;
}

/**
 * Windows: write sessions straight into HKCU. Shows every value it will change first; the change is
 * backed up as a .reg of the keys as they were, and Undo imports that backup.
 */
export function RegistryWrite({ api, configPath, selection, tool }: { api: KeepaliveApi; configPath: string; selection: RegistrySelection; tool: PuttyTool }) {
  const [plan, setPlan] = useState<WriteRegistryResult | null>(null);
  const [canUndo, setCanUndo] = useState(false);
  const task = useTask();
  const busy = task.busy !== null;
  const name = tool === 'putty' ? 'PuTTY' : 'WinSCP';
  const request = (dryRun: boolean) => ({ configPath, tool, ...selection, defaults: tool === 'putty' && selection.defaults, dryRun });

  const preview = () =>
    task.run('preview', async () => {
      setPlan(await api.invoke('putty:writeRegistry', request(true)));
      return '';
    });
  const write = () =>
    task.run('write', async () => {
      const r = await api.invoke('putty:writeRegistry', request(false));
      setPlan(null);
      setCanUndo(true);
      return r.message;
    });
  const undo = () =>
    task.run('undo', async () => {
      const r = await api.invoke('putty:undoRegistry', {});
      setCanUndo(false);
      return r.message;
    });

  return (
    <div className="putty-registry">
      {!plan && (
        <button type="button" className="small" disabled={busy} onClick={() => void preview()}>
          Write to {name} on this PC…
        </button>
      )}
      {plan && !plan.applied && (
        <div role="group" aria-label={`Registry changes for ${name}`}>
          {plan.changes.map((c) => (
            <KeyChanges key={c.key} change={c} />
          ))}
          <button type="button" className="small primary" disabled={busy} onClick={() => void write()}>
            Write these values
          </button>{' '}
          <button type="button" className="small" disabled={busy} onClick={() => setPlan(null)}>
            Cancel
          </button>
        </div>
      )}
      <p role="status" className="putty-status">
        {task.status}
      </p>
      {canUndo && (
        <button type="button" className="small" disabled={busy} onClick={() => void undo()}>
          Undo the registry change
        </button>
      )}
    </div>
  );
}

/** One registry key: each value added, kept or changed (with what it was). */
function KeyChanges({ change: c }: { change: WriteRegistryResult['changes'][number] }) {
  return (
    <div>
      <code>{c.key}</code> {c.existed ? '(exists)' : '(new key)'}
      <ul>
        {c.values.map((v) => (
          <li key={v.name}>
            {v.before === null ? 'add' : v.before === v.after ? 'keep' : 'change'} <code>{v.after}</code>
            {v.before !== null && v.before !== v.after && (
              <>
                {' '}
                (was <code>{v.before}</code>)
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
