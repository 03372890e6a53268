import { useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { PuttyTool, WriteRegistryResult } from '../../common/contract/sessions';
import { errorData } from '../api';
import { describeError } from '../../common/format/error';

/**
 * Windows: write a host's session straight into HKCU. Shows every value it will change first;
 * the change is backed up as a .reg of the keys as they were, and Undo imports that backup.
 */
export interface RegistrySelection {
  hosts: string[];
  all: boolean;
  defaults: boolean;
}

export function RegistryWrite({ api, configPath, selection, tool }: { api: KeepaliveApi; configPath: string; selection: RegistrySelection; tool: PuttyTool }) {
  const [plan, setPlan] = useState<WriteRegistryResult | null>(null);
  const [message, setMessage] = useState('');
  const [canUndo, setCanUndo] = useState(false);
  const [busy, setBusy] = useState(false);
  const name = tool === 'putty' ? 'PuTTY' : 'WinSCP';
  const request = (dryRun: boolean) => ({ configPath, tool, ...selection, defaults: tool === 'putty' && selection.defaults, dryRun });

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } catch (err) {
      setMessage(describeError(errorData(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="putty-registry">
      {!plan && (
        <button type="button" className="small" disabled={busy} onClick={() => void run(async () => setPlan(await api.invoke('putty:writeRegistry', request(true))))}>
          Write to {name} on this PC…
        </button>
      )}
      {plan && !plan.applied && (
        <div role="group" aria-label={`Registry changes for ${name}`}>
          {plan.changes.map((c) => (
            <div key={c.key}>
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
          ))}
          <button
            type="button"
            className="small primary"
            disabled={busy}
            onClick={() =>
              void run(async () => {
                const r = await api.invoke('putty:writeRegistry', request(false));
                setPlan(null);
                setMessage(r.message);
                setCanUndo(true);
              })
            }
          >
            Write these values
          </button>{' '}
          <button type="button" className="small" disabled={busy} onClick={() => setPlan(null)}>
            Cancel
          </button>
        </div>
      )}
      <p role="status" className="putty-status">
        {message}
      </p>
      {canUndo && (
        <button
          type="button"
          className="small"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              const r = await api.invoke('putty:undoRegistry', {});
              setMessage(r.message);
              setCanUndo(false);
            })
          }
        >
          Undo the registry change
        </button>
      )}
    </div>
  );
}
