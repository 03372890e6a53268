import { useId, useRef, type ChangeEvent } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';

interface Props {
  /** Where the sessions shown were read from (an upload: its name), or null before the first read. */
  location: string | null;
  busy: boolean;
  shell: KeepaliveApi['shell'];
  onPick: (kind: 'file' | 'folder') => void;
  onUpload: (e: ChangeEvent<HTMLInputElement>) => void;
}

/**
 * The place the list is read from, with a file picker beside it. Electron: the OS dialog, shown by
 * the main process (putty:pick; the page never names a path). A browser: the page's own file
 * chooser, whose bytes are uploaded (the host keeps a copy; the changed file is downloaded).
 */
export function SourcePath({ location, busy, shell, onPick, onUpload }: Props) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="putty-path-row">
      <label htmlFor={`${id}-path`} className="field-label">
        Reading
      </label>
      <input id={`${id}-path`} type="text" className="putty-path" readOnly value={location ?? ''} placeholder="choose a place above, or a file" aria-describedby={`${id}-hint`} />
      {shell === 'electron' ? (
        <>
          <button type="button" disabled={busy} onClick={() => onPick('file')}>
            Choose a file…
          </button>
          <button type="button" disabled={busy} onClick={() => onPick('folder')}>
            Choose a folder…
          </button>
        </>
      ) : (
        <>
          {/* The native chooser, opened by a button that looks like the app's (the input itself stays out of view and out of the tab order). */}
          <input ref={input} id={`${id}-file`} type="file" className="putty-file-input" tabIndex={-1} aria-label="Session file to read" disabled={busy} onChange={onUpload} />
          <button type="button" disabled={busy} onClick={() => input.current?.click()}>
            Choose a file…
          </button>
        </>
      )}
      <p id={`${id}-hint`} className="hint">
        {shell === 'electron'
          ? 'A .reg export, a WinSCP.ini, a PuTTY session file or a sessions folder.'
          : 'A .reg export, a WinSCP.ini or a PuTTY session file. The app reads a copy; after a change you download the new file.'}
      </p>
    </div>
  );
}
