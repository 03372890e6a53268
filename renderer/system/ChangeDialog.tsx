import { useEffect, useId, useRef, useState } from 'react';
import type { AppErrorData } from '../../common/contract/errors';
import type { SystemPreview } from '../../common/contract/system';
import { describeError } from '../hosts/format';
import { SystemDiff } from './SystemDiff';

export interface PendingSystemChange {
  target: 'server' | 'system';
  /** "Turn server keepalive on (every 60 s)" */
  title: string;
  preview: SystemPreview;
}

interface Props {
  change: PendingSystemChange;
  busy: boolean;
  error: AppErrorData | null;
  onApply: (reload: boolean) => void;
  onCancel: () => void;
}

/**
 * Shows the diff of a system change before the OS asks for admin rights; while the prompt is open
 * it says so, because the dialog that matters then is the OS's, not ours.
 */
export function ChangeDialog({ change, busy, error, onApply, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const primary = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const [reload, setReload] = useState(true);
  const { preview } = change;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    primary.current?.focus();
    return () => dialog?.close();
  }, []);

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
      <p>{preview.summary}</p>
      {preview.notes.map((n) => (
        <p key={n} className="note">
          {n}
        </p>
      ))}
      {preview.edits.length > 0 && (
        <section aria-label="Changes to be written" className="diffs">
          {preview.edits.map((edit) => (
            <SystemDiff key={edit.file} edit={edit} />
          ))}
        </section>
      )}
      {preview.kind === 'edit' && (
        <p className="hint">Your system will ask for an administrator password. A backup is kept, and Undo restores it.</p>
      )}
      {change.target === 'server' && preview.kind === 'edit' && (
        <label className="checkbox">
          <input type="checkbox" checked={reload} onChange={(e) => setReload(e.target.checked)} disabled={busy} /> Reload sshd after the change is
          checked (open sessions stay connected)
        </label>
      )}
      {busy && (
        <p role="status" className="hint">
          Waiting for administrator approval…
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {describeError(error)}
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
            <button type="button" className="primary" disabled={busy} onClick={() => onApply(reload)} ref={primary}>
              {busy ? 'Writing…' : 'Apply as administrator'}
            </button>
          </>
        )}
      </div>
    </dialog>
  );
}
