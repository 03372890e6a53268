import { useEffect, useId, useRef, useState } from 'react';

export interface PasswordRequest {
  /** The servers whose sudo asks. */
  hosts: readonly string[];
  /** The last password was refused there (nothing was changed). */
  wrong: boolean;
  answer: (password: string | null) => void;
}

const listed = (hosts: readonly string[]) => (hosts.length <= 3 ? hosts.join(', ') : `${hosts.slice(0, 3).join(', ')} and ${hosts.length - 3} more`);

/**
 * The app's own sudo password dialog: the password goes to those servers' sudo for this one change
 * and is not kept (the field is emptied when the dialog closes; no form, so no browser offers to
 * save it). Escape or Cancel: nothing is changed.
 */
export function PasswordDialog({ request }: { request: PasswordRequest }) {
  const ref = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const fieldId = useId();
  const noteId = useId();
  const [text, setText] = useState('');

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    input.current?.focus();
    return () => dialog?.close();
  }, []);

  const done = (value: string | null) => {
    setText('');
    request.answer(value);
  };

  return (
    <dialog
      ref={ref}
      className="preview-dialog password-dialog"
      aria-labelledby={titleId}
      aria-describedby={noteId}
      onCancel={(e) => {
        e.preventDefault();
        done(null);
      }}
    >
      <h2 id={titleId}>sudo password for {listed(request.hosts)}</h2>
      {request.wrong && (
        <p className="error" role="alert">
          Wrong password; nothing changed. Type it again, or cancel.
        </p>
      )}
      <p id={noteId} className="hint">
        sudo on {request.hosts.length === 1 ? 'this server' : 'these servers'} asks for your password. It goes to their sudo for this change only
        and is not kept anywhere.
      </p>
      <label htmlFor={fieldId} className="field-label">
        Password
      </label>
      <input
        ref={input}
        id={fieldId}
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && text) {
            e.preventDefault();
            done(text);
          }
        }}
      />
      <div className="dialog-buttons">
        <button type="button" onClick={() => done(null)}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={!text} onClick={() => done(text)}>
          Continue
        </button>
      </div>
    </dialog>
  );
}
