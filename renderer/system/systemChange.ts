import type { KeepaliveApi } from '../../common/contract/channels';
import type { ServerChange, ServerOutcome, ServerStatus, SystemChange, SystemClientStatus, SystemFileEdit, SystemOutcome, SystemPreview } from '../../common/contract/system';
import type { ChangePreview, FileDiff, Notice } from '../ui/change';
import type { ChangeOps } from '../ui/useChangeFlow';

/** A change of this computer's SSH: every user's client config, or the SSH server's. */
export type SystemRequest = { target: 'server'; change: ServerChange } | { target: 'system'; change: SystemChange };
export interface SystemApplyOptions {
  /** Server changes: reload sshd once `sshd -t` accepted the new config. */
  reloadSshd: boolean;
}
export interface StatusSink {
  server: (s: ServerStatus) => void;
  system: (s: SystemClientStatus) => void;
}

const systemDiff = (edit: SystemFileEdit): FileDiff => ({
  file: edit.file,
  diff: edit.diff,
  badges: [...(edit.created ? ['new file (root, mode 644)'] : []), ...(edit.deleted ? ['file removed'] : [])],
});

export function systemView(preview: SystemPreview): ChangePreview {
  if (preview.kind === 'noop') return { kind: 'noop', summary: preview.summary, notes: preview.notes };
  return { kind: 'edit', summary: preview.summary, notes: preview.notes, files: preview.edits.map(systemDiff) };
}

/** The helper's answer: the new status goes to its card, the outcome to the notice. */
function settle(target: SystemRequest['target'], o: ServerOutcome | SystemOutcome, sink: StatusSink, undone: boolean): Notice {
  if (target === 'server') sink.server((o as ServerOutcome).status);
  else sink.system((o as SystemOutcome).status);
  return { kind: o.outcome === 'applied' ? (undone ? 'undone' : 'applied') : o.outcome, text: o.message };
}

/**
 * server:* and system:* in the change flow: the preview is read as the user, Apply goes through
 * the privileged helper (one OS prompt) with the hashes the preview saw. A dismissed prompt is the
 * outcome `cancelled`, not an error.
 */
export function systemOps(api: KeepaliveApi, sink: StatusSink): ChangeOps<SystemRequest, SystemPreview, SystemApplyOptions> {
  return {
    preview: (r) => (r.target === 'server' ? api.invoke('server:preview', r.change) : api.invoke('system:preview', r.change)),
    view: systemView,
    async apply({ request, preview }, _choice, { reloadSshd }) {
      const { seen } = preview;
      const o =
        request.target === 'server'
          ? await api.invoke('server:apply', { ...request.change, seen, reload: reloadSshd })
          : await api.invoke('system:apply', { ...request.change, seen });
      return settle(request.target, o, sink, false);
    },
  };
}

/** Restores the backup `entry` of one target (the server is reloaded after the check). */
export async function undoSystem(api: KeepaliveApi, target: SystemRequest['target'], entry: string, sink: StatusSink): Promise<Notice> {
  const o = target === 'server' ? await api.invoke('server:undo', { entry, reload: true }) : await api.invoke('system:undo', { entry });
  return settle(target, o, sink, true);
}
