import type { ConfigSnapshot } from '../../common/contract/hosts';
import { ChangeDialog, pendingChangeProps } from './ChangeDialog';
import { previewIsStale, type KeepaliveFlow } from './keepaliveChange';
import { NoticeBar } from './NoticeBar';

/** Undo while the snapshot says it can; it may be a change from an earlier session: name it. */
function undoOf(flow: KeepaliveFlow, snapshot: ConfigSnapshot | null) {
  return snapshot?.canUndo ? { label: `Undo last change${snapshot.undoDescription ? ` (${snapshot.undoDescription})` : ''}`, onUndo: () => void flow.undo() } : undefined;
}

/**
 * The outcome of the last keepalive change, with Undo while the snapshot says it can. As a toast it
 * stays in view at the bottom of the window (the change may come from row 900 of the list), and
 * offers Undo only beside an outcome: with none, UndoLastChange sits by the list instead.
 */
export function KeepaliveNotice({ flow, snapshot, toast = false }: { flow: KeepaliveFlow; snapshot: ConfigSnapshot | null; toast?: boolean }) {
  const undo = toast && !flow.notice ? undefined : undoOf(flow, snapshot);
  return <NoticeBar ref={flow.noticeRef} notice={flow.notice} undo={undo} busy={flow.busy} onDismiss={flow.dismiss} placement={toast ? 'toast' : 'inline'} />;
}

/** The Undo a toast-placed notice leaves out while it shows no outcome. */
export function UndoLastChange({ flow, snapshot }: { flow: KeepaliveFlow; snapshot: ConfigSnapshot | null }) {
  const undo = undoOf(flow, snapshot);
  if (!undo || flow.notice) return null;
  return (
    <button type="button" className="small" onClick={undo.onUndo}>
      {undo.label}
    </button>
  );
}

/** The dialog of a pending keepalive change; with onRefresh, a preview made stale by an outside edit can be made again. */
export function KeepaliveDialog({ flow, snapshot, onRefresh }: { flow: KeepaliveFlow; snapshot: ConfigSnapshot | null; onRefresh?: () => void }) {
  const { pending } = flow;
  if (!pending) return null;
  return (
    <ChangeDialog
      // A new preview (after "Preview again") is a new dialog: fresh choice, focus on its action.
      key={JSON.stringify(pending.preview)}
      {...pendingChangeProps(flow, pending)}
      stale={onRefresh && snapshot ? previewIsStale(pending.preview, snapshot.files) : false}
      onRefresh={onRefresh}
      onApply={(choice) => void flow.apply(choice, undefined)}
    />
  );
}
