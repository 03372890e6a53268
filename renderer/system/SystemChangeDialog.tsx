import { useState } from 'react';
import type { SystemPreview } from '../../common/contract/system';
import { ChangeDialog, pendingChangeProps } from '../ui/ChangeDialog';
import type { ChangeFlow } from '../ui/useChangeFlow';
import type { SystemApplyOptions, SystemRequest } from './systemChange';

/**
 * The diff of a system change before the OS asks for admin rights; while the prompt is open it
 * says so, because the dialog that matters then is the OS's, not ours. Mount one per pending change.
 */
export function SystemChangeDialog({ flow }: { flow: ChangeFlow<SystemRequest, SystemPreview, SystemApplyOptions> }) {
  const [reloadSshd, setReloadSshd] = useState(true);
  const { pending, busy } = flow;
  if (!pending) return null;
  return (
    <ChangeDialog
      {...pendingChangeProps(flow, pending)}
      applyLabel="Apply as administrator"
      busyNote="Waiting for administrator approval…"
      onApply={() => void flow.apply(undefined, { reloadSshd })}
    >
      <p className="hint">Your system will ask for an administrator password. A backup is kept, and Undo restores it.</p>
      {pending.request.target === 'server' && (
        <label className="checkbox">
          <input type="checkbox" checked={reloadSshd} onChange={(e) => setReloadSshd(e.target.checked)} disabled={busy} /> Reload sshd after the change is
          checked (open sessions stay connected)
        </label>
      )}
    </ChangeDialog>
  );
}
