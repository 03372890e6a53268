import { useState } from 'react';
import type { RemotePlanAnswer } from '../../common/contract/remote-server';
import { ChangeDialog, pendingChangeProps } from '../ui/ChangeDialog';
import type { ChangeFlow } from '../ui/useChangeFlow';
import type { RemoteApplyOptions, RemoteRequest } from './remoteChange';

/**
 * The server's own diff of a change, before anything is written there; while it is written (sudo,
 * `sshd -t`, the atomic replace, the reload) it says so. Mount one per pending change.
 */
export function RemoteChangeDialog({ flow }: { flow: ChangeFlow<RemoteRequest, RemotePlanAnswer, RemoteApplyOptions> }) {
  const [reload, setReload] = useState(true);
  const { pending, busy } = flow;
  if (!pending) return null;
  const plan = pending.preview.plan;
  return (
    <ChangeDialog
      {...pendingChangeProps(flow, pending)}
      applyLabel={plan?.loginIsRoot ? 'Apply on the server' : 'Apply with sudo'}
      busyNote={`Writing on ${pending.request.host}…`}
      onApply={() => void flow.apply(undefined, { reload })}
    >
      <p className="hint">
        The server checks the result with <code>sshd -t</code> before it replaces anything, keeps a backup, and puts the old files back if any
        step fails. {plan?.loginIsRoot ? 'You log in as root there: no sudo needed.' : 'sudo is tried without a password first; the app asks for yours only if sudo wants it.'}
      </p>
      <label className="checkbox">
        <input type="checkbox" checked={reload} onChange={(e) => setReload(e.target.checked)} disabled={busy} /> Reload sshd after the check (open
        sessions stay connected)
      </label>
    </ChangeDialog>
  );
}
