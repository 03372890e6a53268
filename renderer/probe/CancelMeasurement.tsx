import { useEffect, useId, useRef, useState } from 'react';
import type { ProbeState } from '../../common/contract/probe';
import { formatDuration } from '../../common/format/duration';
import { formatBound } from './format';

/**
 * "Cancel measurement…": minutes of measuring are lost with one click, so it asks first. The safe
 * answer (keep measuring) has the focus; Escape keeps measuring too.
 */
export function CancelMeasurement({ state: s, onCancel }: { state: ProbeState; onCancel: () => void }) {
  const [asking, setAsking] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  // Back to the button once the modal dialog is gone (while it is open, the page behind it is inert).
  useEffect(() => {
    if (asking || !returnFocus.current) return;
    returnFocus.current = false;
    opener.current?.focus();
  }, [asking]);
  const close = () => {
    returnFocus.current = true;
    setAsking(false);
  };
  return (
    <>
      <button type="button" ref={opener} onClick={() => setAsking(true)}>
        Cancel measurement…
      </button>
      {asking && (
        <ConfirmDialog
          state={s}
          onKeep={close}
          onStop={() => {
            setAsking(false);
            onCancel();
          }}
        />
      )}
    </>
  );
}

function ConfirmDialog({ state: s, onKeep, onStop }: { state: ProbeState; onKeep: () => void; onStop: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const keep = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    keep.current?.focus();
    return () => dialog?.close();
  }, []);
  const known = s.round > 0 && (s.lowerSeconds > 0 || s.upperSeconds !== null) ? ` What is known so far (${formatBound(s.lowerSeconds, s.upperSeconds)}) is not kept.` : '';
  return (
    <dialog
      ref={ref}
      className="preview-dialog probe-confirm"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onKeep();
      }}
    >
      <h2 id={titleId}>Stop measuring {s.host}?</h2>
      <p>
        The measurement has run for {formatDuration(Math.round(s.elapsedSeconds))}; stopping closes every connection it holds.{known}
      </p>
      <div className="dialog-buttons">
        <button type="button" className="primary" ref={keep} onClick={onKeep}>
          Keep measuring
        </button>
        <button type="button" onClick={onStop}>
          Stop measurement
        </button>
      </div>
    </dialog>
  );
}
