import type { Ref } from 'react';
import type { AppErrorData } from '../../common/contract/errors';
import { describeError } from '../../common/format/error';
import type { Notice } from './change';

interface Props {
  ref: Ref<HTMLDivElement>;
  notice: Notice | null;
  /** The Undo this view offers here, if any: "Undo last change (Keepalive for Host db: off)". */
  undo?: { label: string; onUndo: () => void } | undefined;
  /** A change is being written (announced; Undo stays focusable and the flow ignores repeats). */
  busy?: boolean;
  onDismiss: () => void;
  testId?: string;
  /** 'toast': fixed at the bottom of the window, so the outcome stays in view wherever the change was made. */
  placement?: 'inline' | 'toast';
}

const LEAD = { applied: 'Saved.', undone: 'Undone.', nothing: 'No change needed.', cancelled: '' } as const;

/** The core refused because a file changed since its preview: say that nothing was written and what to do. */
function conflictText(error: AppErrorData): string {
  return `${error.file ?? 'A file'} changed on disk since it was shown (another program edited it). Nothing was written; the view now shows the file as it is on disk. Check it and try again.`;
}

/** The outcome of the last change, announced politely (or assertively for a refusal), with Undo. */
export function NoticeBar({ ref, notice, undo, busy = false, onDismiss, testId, placement = 'inline' }: Props) {
  const problem = notice?.kind === 'conflict' || notice?.kind === 'error';
  const tone = !notice ? 'empty' : problem ? notice.kind : notice.kind === 'cancelled' ? 'undone' : 'applied';
  return (
    <div className={placement === 'toast' ? 'notice-area notice-toast' : 'notice-area'} aria-busy={busy}>
      <div ref={ref} tabIndex={-1} role={problem ? 'alert' : 'status'} className={`notice notice-${tone}`} data-testid={testId}>
        {notice && <p>{noticeContent(notice)}</p>}
      </div>
      {(undo || notice) && (
        <div className="notice-buttons">
          {undo && (
            <button type="button" onClick={undo.onUndo}>
              {undo.label}
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

function noticeContent(notice: Notice) {
  if (notice.kind === 'conflict') {
    return (
      <>
        <strong>Refused: the file changed on disk.</strong> {conflictText(notice.error)}
      </>
    );
  }
  if (notice.kind === 'error') {
    return (
      <>
        <strong>{notice.error.code === 'invalid-input' ? 'Check the value.' : 'Nothing was changed.'}</strong> {describeError(notice.error)}
      </>
    );
  }
  const lead = LEAD[notice.kind];
  return (
    <>
      {lead && <strong>{lead} </strong>}
      {notice.text}
    </>
  );
}
