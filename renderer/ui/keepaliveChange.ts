import { useMemo } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { ConfigSnapshot } from '../../common/contract/hosts';
import type { FileEditPreview, KeepaliveIntent, KeepalivePreview } from '../../common/contract/keepalive';
import { APPLIES_TO_NEW, type ChangePreview, type FileDiff, type Notice, type PendingChange } from './change';
import { useChangeFlow, type ChangeOps } from './useChangeFlow';

export type KeepaliveChange = PendingChange<KeepaliveIntent, KeepalivePreview>;

const userDiff = (edit: FileEditPreview): FileDiff => ({ file: edit.file, diff: edit.diff, badges: edit.created ? ['new file (mode 600)'] : [] });

export function keepaliveView(preview: KeepalivePreview): ChangePreview {
  if (preview.kind === 'edit') return { kind: 'edit', summary: preview.summary, notes: preview.notes ?? [], files: preview.edits.map(userDiff) };
  if (preview.kind === 'noop') return { kind: 'noop', summary: preview.summary, notes: [] };
  return {
    kind: 'blocked',
    reason: preview.reason,
    summary: preview.summary,
    decidedBy: preview.decidedBy,
    choices: preview.alternatives.map((a) => ({ id: a.id, label: a.label, files: a.edits.map(userDiff) })),
  };
}

function editsOf(preview: KeepalivePreview, choice: string | undefined): FileEditPreview[] {
  if (preview.kind === 'edit') return preview.edits;
  if (preview.kind === 'blocked') return preview.alternatives.find((a) => a.id === choice)?.edits ?? [];
  return [];
}

/**
 * keepalive:* (the user's ~/.ssh/config) in the change flow. Apply sends the hash of every file as
 * the preview saw it; the snapshot in each answer replaces the view's without another read.
 */
export function keepaliveOps(api: KeepaliveApi, replace: (s: ConfigSnapshot) => void, configPath: string): ChangeOps<KeepaliveIntent, KeepalivePreview> {
  return {
    preview: (intent) => api.invoke('keepalive:preview', intent),
    view: keepaliveView,
    async apply(pending: KeepaliveChange, choice): Promise<Notice> {
      const edits = editsOf(pending.preview, choice);
      const baseHashes = Object.fromEntries(edits.map((e) => [e.file, e.baseHash]));
      const result = await api.invoke('keepalive:apply', { ...pending.request, ...(choice ? { alternative: choice } : {}), baseHashes });
      replace(result.snapshot);
      return { kind: 'applied', text: `${result.summary} ${APPLIES_TO_NEW}` };
    },
    async undo(): Promise<Notice> {
      const result = await api.invoke('keepalive:undo', { configPath });
      replace(result.snapshot);
      // The bar leads with "Undone."; name the change as the one taken back, not as the state now.
      return { kind: 'undone', text: `“${result.undone}” is reverted. ${APPLIES_TO_NEW}` };
    },
  };
}

/** True when a file the preview edits no longer has the hash the preview was made from. */
export function previewIsStale(preview: KeepalivePreview, files: { path: string; hash: string }[]): boolean {
  const edits = preview.kind === 'edit' ? preview.edits : preview.kind === 'blocked' ? preview.alternatives.flatMap((a) => a.edits) : [];
  return edits.some((e) => {
    const now = files.find((f) => f.path === e.file);
    return now !== undefined && now.hash !== e.baseHash;
  });
}

/** The change flow of the keepalive:* channels, for a view that shows a ConfigSnapshot. */
export function useKeepaliveFlow(api: KeepaliveApi, replace: (s: ConfigSnapshot) => void, reload: () => Promise<void>, configPath: string) {
  const ops = useMemo(() => keepaliveOps(api, replace, configPath), [api, replace, configPath]);
  return useChangeFlow(ops, reload);
}
export type KeepaliveFlow = ReturnType<typeof useKeepaliveFlow>;
