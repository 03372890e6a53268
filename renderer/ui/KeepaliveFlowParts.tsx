import type { ConfigSnapshot } from '../../common/contract/hosts';
import { ChangeDialog } from './ChangeDialog';
import { previewIsStale, type KeepaliveFlow } from './keepaliveChange';
import { NoticeBar } from './NoticeBar';

/** The outcome of the last keepalive change, with Undo while the snapshot says it can. */
export function KeepaliveNotice({ flow, snapshot }: { flow: KeepaliveFlow; snapshot: ConfigSnapshot | null }) {
  // It may be a change from an earlier session: name it.
  const undo = snapshot?.canUndo
    ? { label: `Undo last change${snapshot.undoDescription ? ` (${snapshot.undoDescription})` : ''}`, onUndo: () => void flow.undo() }
    : undefined;
  return <NoticeBar ref={flow.noticeRef} notice={flow.notice} undo={undo} busy={flow.busy} onDismiss={flow.dismiss} />;
}

/** The dialog of a pending keepalive change; with onRefresh, a preview made stale by an outside edit can be made again. */
export function KeepaliveDialog({ flow, snapshot, onRefresh }: { flow: KeepaliveFlow; snapshot: ConfigSnapshot | null; onRefresh?: () => void }) {
  const { pending } = flow;
  if (!pending) return null;
  return (
    <ChangeDialog
      // A new preview (after "Preview again") is a new dialog: fresh choice, focus on its action.
      key={JSON.stringify(pending.preview)}
      title={pending.title}
      view={pending.view}
      busy={flow.busy}
      error={flow.dialogError}
      stale={onRefresh && snapshot ? previewIsStale(pending.preview, snapshot.files) : false}
      onRefresh={onRefresh}
      onApply={(choice) => void flow.apply(choice, undefined)}
      onCancel={flow.cancel}
    />
  );
}
