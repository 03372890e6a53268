import { useId, useState, type ChangeEvent } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import { DEFAULT_INTERVAL } from '../../common/contract/keepalive';
import type { ImportedSession, SessionSource } from '../../common/contract/sessions';
import { formatInterval } from '../../common/format/duration';
import { parseInterval } from '../../common/format/interval';
import { ErrorCard } from '../ui/ErrorCard';
import { IntervalField } from '../ui/IntervalField';
import { downloadFile } from './download';
import { ExportAllCard } from './ExportAllCard';
import { usePuttySessions } from './usePuttySessions';
import './putty.css';

const sourceKey = (s: SessionSource) => (s.kind === 'registry' ? `registry:${s.tool}` : s.kind === 'file' ? `file:${s.path}` : s.kind === 'picked' ? `picked:${s.handle}` : s.kind);

function target(s: ImportedSession): string {
  return `${s.userName ? `${s.userName}@` : ''}${s.hostName || '(no host name)'}${s.port !== 22 ? `:${s.port}` : ''}`;
}

/**
 * Existing PuTTY sessions and WinSCP sites (PuTTY's own sessions folder, the Windows registry, a .reg
 * file, WinSCP.ini) with their keepalive state, and one click to turn keepalive on in the same format.
 */
export function PuttySessionsView({ api }: { api: KeepaliveApi }) {
  const s = usePuttySessions(api);
  const [intervalText, setIntervalText] = useState(String(DEFAULT_INTERVAL));
  const parsed = parseInterval(intervalText);
  const interval = parsed.ok ? parsed.value : null;
  const fileId = useId();
  const off = s.result?.sessions.filter((x) => x.keepaliveSeconds === 0) ?? [];

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

      {s.result && (
        <section className="card" aria-labelledby="putty-list-heading" aria-busy={s.busy}>
          <h3 id="putty-list-heading">
            {s.result.sessions.length} session{s.result.sessions.length === 1 ? '' : 's'} in <code>{s.result.location}</code>
          </h3>
          {s.result.skipped.length > 0 && (
            <div className="hint" data-testid="putty-skipped">
              Not read, and never changed here:
              <ul>
                {s.result.skipped.map((x) => (
                  <li key={x.name}>
                    <code>{x.name}</code>: {x.reason}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {s.result.sessions.length === 0 ? (
            <p className="muted">No saved sessions here yet. “Save into PuTTY’s sessions folder” above writes your hosts here (or one host at a time: its “PuTTY and WinSCP” button on the Hosts tab).</p>
          ) : (
            <>
              {off.length === 0 ? (
                // Not a disabled "Turn keepalive on for 0 sessions" button: say the state.
                <p className="hint">Every session here sends keepalives.</p>
              ) : (
                <div className="putty-bulk">
                  <IntervalField label="Keepalive interval (seconds)" value={intervalText} onChange={setIntervalText} showLabel />
                  <button type="button" className="primary" disabled={s.busy || interval === null} onClick={() => interval !== null && void s.enable(off.map((x) => x.name), interval)}>
                    Turn keepalive on for {off.length} session{off.length === 1 ? '' : 's'} without it
                  </button>
                </div>
              )}
              <table className="putty-session-table">
                <thead>
                  <tr>
                    <th scope="col">Session</th>
                    <th scope="col">Connects to</th>
                    <th scope="col">Keepalive</th>
                    <th scope="col">TCP keepalives</th>
                    <th scope="col">
                      <span className="visually-hidden">Action</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {s.result.sessions.map((x) => (
                    <tr key={`${x.tool}:${x.name}`} data-session={x.name}>
                      <th scope="row">
                        {x.name} <span className="muted">({x.tool === 'putty' ? 'PuTTY' : 'WinSCP'})</span>
                        {x.warnings.map((w) => (
                          <div key={w} className="putty-error">
                            {w}
                          </div>
                        ))}
                      </th>
                      <td>{target(x)}</td>
                      <td data-field="keepalive">{x.keepaliveSeconds > 0 ? `every ${formatInterval(x.keepaliveSeconds)}` : 'off'}</td>
                      <td>{x.tcpKeepalives === null ? '—' : x.tcpKeepalives ? 'on' : 'off'}</td>
                      <td>
                        {x.keepaliveSeconds === 0 && (
                          <button type="button" className="small" disabled={s.busy || interval === null} onClick={() => interval !== null && void s.enable([x.name], interval)}>
                            Turn keepalive on for {x.name}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      )}
    </div>
  );
}

