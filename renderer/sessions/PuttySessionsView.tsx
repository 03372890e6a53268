import { type ChangeEvent } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { SessionSource } from '../../common/contract/sessions';
import { ChangeDialog, pendingChangeProps } from '../ui/ChangeDialog';
import { ErrorCard } from '../ui/ErrorCard';
import { NoticeBar } from '../ui/NoticeBar';
import { SourcePath } from './SourcePath';
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
        <SourcePath location={s.result?.location ?? null} busy={s.busy} shell={api.shell} onPick={(kind) => void s.pick(kind)} onUpload={uploadChosen} />
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
      {/* A refused preview or apply (a file changed since the preview, a session gone): said here; a success is the notice above. */}
      {(s.flow.notice?.kind === 'error' || s.flow.notice?.kind === 'conflict') && <NoticeBar ref={s.flow.noticeRef} notice={s.flow.notice} onDismiss={s.flow.dismiss} />}
      {s.flow.pending && (
        <ChangeDialog
          key={JSON.stringify(s.flow.pending.preview)}
          {...pendingChangeProps(s.flow, s.flow.pending)}
          applyLabel="Write these changes"
          onApply={(choice) => void s.flow.apply(choice, undefined)}
        />
      )}

      {s.result && <SessionList result={s.result} busy={s.busy} onEnable={(names, interval) => void s.enable(names, interval)} />}
    </div>
  );
}

