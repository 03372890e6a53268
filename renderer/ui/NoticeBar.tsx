import type { Ref } from 'react';
import { describeError } from '../hosts/format';
import type { Notice } from '../hosts/useKeepaliveChange';

interface Props {
  ref: Ref<HTMLDivElement>;
  notice: Notice | null;
  canUndo: boolean;
  /** What Undo would undo, e.g. "Keepalive for Host db: off" (it may be from an earlier session). */
  undoDescription?: string | undefined;
  /** A change is being written (announced; Undo stays focusable and the hook ignores repeats). */
  busy?: boolean;
  onUndo: () => void;
  onDismiss: () => void;
}

/** The outcome of the last change, announced politely (or assertively for a refusal), with Undo. */
export function NoticeBar({ ref, notice, canUndo, undoDescription, busy = false, onUndo, onDismiss }: Props) {
  const problem = notice?.kind === 'conflict' || notice?.kind === 'error';
  return (
    <div className="notice-area" aria-busy={busy}>
      <div ref={ref} tabIndex={-1} role={problem ? 'alert' : 'status'} className={notice ? `notice notice-${notice.kind}` : 'notice notice-empty'}>
        {notice?.kind === 'applied' && (
          <p>
            <strong>Saved.</strong> {notice.text}
          </p>
        )}
        {notice?.kind === 'undone' && (
          <p>
            <strong>Undone.</strong> {notice.text}
          </p>
        )}
        {notice?.kind === 'conflict' && (
          <p>
            <strong>Refused: the file changed on disk.</strong> {notice.text}
          </p>
        )}
        {notice?.kind === 'error' && (
          <p>
            <strong>{notice.error.code === 'invalid-input' ? 'Check the value.' : 'Nothing was changed.'}</strong> {describeError(notice.error)}
          </p>
        )}
      </div>
      {(canUndo || notice) && (
        <div className="notice-buttons">
          {canUndo && (
            <button type="button" onClick={onUndo}>
              Undo last change{undoDescription ? ` (${undoDescription.replace(/\.$/, '')})` : ''}
            </button>
          )}
          {notice && (
            <button type="button" className="link" onClick={onDismiss}>
              Dismiss
            </button>
          )}
        </div>
      )}
    </div>
  );
}
