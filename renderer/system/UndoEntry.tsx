import type { UndoInfo } from '../../common/contract/system';

interface Props {
  undo: UndoInfo;
  /** "Undo last server change" */
  label: string;
  onUndo: () => void;
  onDiscard: () => void;
}

/**
 * The newest change the app made: Undo while the files are as it wrote them; otherwise history,
 * with why it can no longer be undone, and Discard (which only hides it: the backup is kept).
 */
export function UndoEntry({ undo, label, onUndo, onDiscard }: Props) {
  if (!undo.stale) {
    return (
      <button type="button" onClick={onUndo}>
        {label} ({undo.description})
      </button>
    );
  }
  const when = new Date(undo.createdAt);
  return (
    <div className="undo-history" role="group" aria-label="Last change">
      <p>
        Last change by SSH Keepalive: <code>{undo.description}</code>
        {Number.isNaN(when.getTime()) ? '' : ` (${when.toLocaleString()})`}. It can no longer be undone: {undo.stale}.
      </p>
      <button type="button" className="small" onClick={onDiscard} aria-label={`Discard the history entry of ${undo.description}`}>
        Discard
      </button>
    </div>
  );
}
