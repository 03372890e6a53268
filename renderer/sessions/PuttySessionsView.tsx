import { useId, type ChangeEvent } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { SessionSource } from '../../common/contract/sessions';
import { ErrorCard } from '../ui/ErrorCard';
import { downloadFile } from './download';
import { ExportAllCard } from './ExportAllCard';
import { SessionList } from './SessionList';
import { usePuttySessions } from './usePuttySessions';
import './putty.css';

const sourceKey = (s: SessionSource) => (s.kind === 'registry' ? `registry:${s.tool}` : s.kind === 'file' ? `file:${s.path}` : s.kind === 'picked' ? `picked:${s.handle}` : s.kind);

/**
 * Existing PuTTY sessions and WinSCP sites (PuTTY's own sessions folder, the Windows registry, a .reg
 * file, WinSCP.ini) with their keepalive state, and one click to turn keepalive on in the same format.
 */
export function PuttySessionsView({ api }: { api: KeepaliveApi }) {
  const s = usePuttySessions(api);
  const fileId = useId();

  const uploadChosen = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    // Cleared, so choosing the same file again (after editing it) reads it again.
    e.target.value = '';
    if (file) void s.upload(file);
  };

  return (
    <div className="putty-sessions">
      <ExportAllCard api={api} canSaveUnix={s.options.some((o) => o.source.kind === 'unix-default')} registry={s.registryAvailable} onSaved={() => s.source && void s.read(s.source)} />
      <section className="card" aria-labelledby="putty-sources-heading">
        <h2 id="putty-sources-heading">PuTTY and WinSCP sessions</h2>
        <p className="muted">
          PuTTY and WinSCP keep their own settings. Read them here to see which sessions send keepalives, and turn it on where it is off.
        </p>
        <div role="radiogroup" aria-label="Where to read sessions from" className="putty-source-list">
          {s.options.map((o) => (
            <label key={sourceKey(o.source)}>
              <input type="radio" name="putty-source" checked={s.source !== null && sourceKey(s.source) === sourceKey(o.source)} onChange={() => s.setSource(o.source)} />
              {o.label} <code className="muted">{o.detail}</code>
            </label>
          ))}
        </div>
        {api.shell === 'electron' ? (
          // The OS dialog runs in the main process: the page never names a path.
          <div className="putty-file-form" role="group" aria-label="Or read a file or folder">
            <span>Or a file or folder (.reg, WinSCP.ini, PuTTY session file or sessions folder):</span>
            <button type="button" disabled={s.busy} onClick={() => void s.pick('file')}>
              Choose a file…
            </button>
            <button type="button" disabled={s.busy} onClick={() => void s.pick('folder')}>
              Choose a folder…
            </button>
          </div>
        ) : (
          <div className="putty-file-form">
            <label htmlFor={fileId}>Or a file (.reg, WinSCP.ini or a PuTTY session file):</label>
            <input id={fileId} type="file" disabled={s.busy} onChange={uploadChosen} />
            <p className="hint">The app reads a copy of the file; after a change you download the new file.</p>
          </div>
        )}
      </section>

      {s.notice && (
        <div className={`card notice-${s.notice.kind === 'done' ? 'applied' : 'error'}`} role={s.notice.kind === 'error' ? 'alert' : 'status'}>
          <p>{s.notice.text}</p>
          {s.notice.download && (
            <button type="button" className="primary" onClick={() => downloadFile(s.notice!.download!)}>
              Download the changed {s.notice.download.name}
            </button>
          )}
          {s.notice.undo && (
            <button type="button" onClick={() => void s.undo(s.notice!.undo!)} disabled={s.busy}>
              Undo
            </button>
          )}
        </div>
      )}
      {s.loadError && <ErrorCard error={s.loadError} />}

      {s.result && <SessionList result={s.result} busy={s.busy} onEnable={(names, interval) => void s.enable(names, interval)} />}
    </div>
  );
}

