import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { AppErrorData } from '../../common/contract/errors';
import { describeError } from '../../common/format/error';
import { BlockedChoices } from './BlockedChoices';
import { filesOf, type ChangePreview } from './change';
import { DiffView } from './DiffView';

interface Props {
  title: string;
  view: ChangePreview;
  busy: boolean;
  error: AppErrorData | null;
  /** The file changed on disk since this preview: Apply would be refused, so offer a new preview. */
  stale?: boolean;
  onRefresh?: (() => void) | undefined;
  applyLabel?: string;
  /** Said while the change is written (the OS prompt may be the dialog that matters then). */
  busyNote?: string;
  /** Shown under the diff of a change that can be applied: hints and options of the feature. */
  children?: ReactNode;
  onApply: (choice: string | undefined) => void;
  onCancel: () => void;
}

/** The dialog's props that a change flow (useChangeFlow) holds: its pending change, whether it is being written, its error, Cancel. */
export function pendingChangeProps(
  flow: { busy: boolean; dialogError: AppErrorData | null; cancel: () => void },
  pending: { title: string; view: ChangePreview },
): Pick<Props, 'title' | 'view' | 'busy' | 'error' | 'onCancel'> {
  return { title: pending.title, view: pending.view, busy: flow.busy, error: flow.dialogError, onCancel: flow.cancel };
}

/**
 * The one change dialog: exactly what will be written before anything is, and a blocked edit's
 * alternatives. Enter applies, Escape cancels (not while writing), Tab reaches the choices.
 */
export function ChangeDialog({ title, view, busy, error, stale = false, onRefresh, applyLabel = 'Apply', busyNote, children, onApply, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const primary = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const [choice, setChoice] = useState<string | undefined>(view.kind === 'blocked' ? view.choices[0]?.id : undefined);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // showModal() focuses the first control; the action the user asked for is the better start.
    primary.current?.focus();
    return () => dialog?.close();
  }, []);

  const files = filesOf(view, choice);
  const canApply = !busy && (view.kind === 'edit' || (view.kind === 'blocked' && view.choices.some((c) => c.id === choice)));

  return (
    <dialog
      ref={ref}
      className="preview-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {view.kind === 'blocked' ? <BlockedChoices view={view} choice={choice} onChoose={setChoice} /> : <p>{view.summary}</p>}
      {view.kind !== 'blocked' &&
        view.notes.map((n) => (
          <p key={n} className="note">
            {n}
          </p>
        ))}
      {files.length > 0 && (
        <section aria-label="Changes to be written" className="diffs">
          {files.map((f) => (
            <DiffView key={f.file} diff={f} />
          ))}
        </section>
      )}
      {view.kind !== 'noop' && children}
      {busy && busyNote && (
        <p role="status" className="hint">
          {busyNote}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {describeError(error)}
        </p>
      )}
      {stale && (
        <p className="error" role="alert">
          The file changed on disk while this was open (another program edited it): this preview is out of date and Apply would be
          refused. Preview again to see the change against the file as it is now.
        </p>
      )}
      <div className="dialog-buttons">
        {view.kind === 'noop' ? (
          <button type="button" className="primary" onClick={onCancel} ref={primary}>
            Close
          </button>
        ) : (
          <>
            <button type="button" onClick={onCancel} disabled={busy}>
              Cancel
            </button>
            {/* Apply stays (the core refuses a stale apply and says so); a new preview is the way on. */}
            <button type="button" className={stale ? undefined : 'primary'} disabled={!canApply} onClick={() => onApply(choice)} ref={stale ? undefined : primary}>
              {busy && !stale ? 'Writing…' : view.kind === 'blocked' ? 'Apply chosen edit' : applyLabel}
            </button>
            {stale && onRefresh && (
              <button type="button" className="primary" disabled={busy} onClick={onRefresh} ref={primary}>
                Preview again
              </button>
            )}
          </>
        )}
      </div>
    </dialog>
  );
}
