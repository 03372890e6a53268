import { useEffect, useId, useRef, useState } from 'react';
import type { AppErrorData } from '../../common/contract/errors';
import type { FileEditPreview, KeepalivePreview } from '../../common/contract/keepalive';
import { DiffView } from '../ui/DiffView';
import { describeError, fullSource } from './format';

export interface PendingChange {
  /** "Turn keepalive on for web1 web2 (every 60 s)" */
  title: string;
  preview: KeepalivePreview;
}

interface Props {
  change: PendingChange;
  busy: boolean;
  error: AppErrorData | null;
  /** The file changed on disk since this preview: Apply would be refused, so offer a new preview. */
  stale?: boolean;
  onRefresh?: () => void;
  /** The edits shown are the ones applied: their base hashes go with the request. */
  onApply: (edits: FileEditPreview[], alternative: string | undefined) => void;
  onCancel: () => void;
}

/** Shows exactly what will be written before anything is; a blocked edit offers what would work. */
export function PreviewDialog({ change, busy, error, stale = false, onApply, onRefresh, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const primary = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const { preview } = change;
  const alternatives = preview.kind === 'blocked' ? preview.alternatives : [];
  const [choice, setChoice] = useState<string | undefined>(alternatives[0]?.id);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // showModal() focuses the first control; the action the user asked for is the better start
    // (Enter applies, Escape cancels, Tab reaches the choices and Cancel).
    primary.current?.focus();
    return () => dialog?.close();
  }, []);

  const chosen = alternatives.find((a) => a.id === choice);
  const edits = preview.kind === 'edit' ? preview.edits : chosen?.edits ?? [];
  const canApply = !busy && (preview.kind === 'edit' || (preview.kind === 'blocked' && chosen !== undefined));

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
      <h2 id={titleId}>{change.title}</h2>
      {preview.kind === 'edit' && <p>{preview.summary}</p>}
      {preview.kind === 'noop' && <p>{preview.summary}</p>}
      {preview.kind === 'blocked' && (
        <div className="blocked">
          <p className="blocked-why">
            <strong>This edit alone would change nothing.</strong> {preview.summary}
          </p>
          <p>
            Decided by: <code>{fullSource(preview.decidedBy)}</code>
          </p>
          {alternatives.length === 0 ? (
            <p>No edit of this config can change the value for this host.</p>
          ) : (
            <fieldset className="alternatives">
              <legend>Choose the edit that works</legend>
              {alternatives.map((alt) => (
                <label key={alt.id} className="alternative">
                  <input type="radio" name="alternative" value={alt.id} checked={choice === alt.id} onChange={() => setChoice(alt.id)} />
                  <span>{alt.label}</span>
                </label>
              ))}
            </fieldset>
          )}
        </div>
      )}
      {edits.length > 0 && (
        <section aria-label="Changes to be written" className="diffs">
          {edits.map((edit) => (
            <DiffView key={edit.file} edit={edit} />
          ))}
        </section>
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
        {preview.kind === 'noop' ? (
          <button type="button" className="primary" onClick={onCancel} ref={primary}>
            Close
          </button>
        ) : (
          <>
            <button type="button" onClick={onCancel} disabled={busy}>
              Cancel
            </button>
            {/* Apply stays (the core refuses a stale apply and says so); a new preview is the way on. */}
            <button
              type="button"
              className={stale ? undefined : 'primary'}
              disabled={!canApply}
              onClick={() => onApply(edits, preview.kind === 'blocked' ? choice : undefined)}
              ref={stale ? undefined : primary}
            >
              {busy && !stale ? 'Writing…' : preview.kind === 'blocked' ? 'Apply chosen edit' : 'Apply'}
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
