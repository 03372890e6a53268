import { useState } from 'react';
import { DEFAULT_INTERVAL } from '../../common/contract/keepalive';
import type { ImportedSession, PuttyImportResult } from '../../common/contract/sessions';
import { formatInterval } from '../../common/format/duration';
import { parseInterval } from '../../common/format/interval';
import { IntervalField } from '../ui/IntervalField';
import { TableHead } from '../ui/TableHead';

function target(s: ImportedSession): string {
  return `${s.userName ? `${s.userName}@` : ''}${s.hostName || '(no host name)'}${s.port !== 22 ? `:${s.port}` : ''}`;
}

/** The sessions read from one place, with their keepalive, and the buttons that turn it on where it is off. */
export function SessionList({ result, busy, onEnable }: { result: PuttyImportResult; busy: boolean; onEnable: (names: string[], interval: number) => void }) {
  const [intervalText, setIntervalText] = useState(String(DEFAULT_INTERVAL));
  const parsed = parseInterval(intervalText);
  const interval = parsed.ok ? parsed.value : null;
  const off = result.sessions.filter((x) => x.keepaliveSeconds === 0);
  return (
    <section className="card" aria-labelledby="putty-list-heading" aria-busy={busy}>
      <h3 id="putty-list-heading">
        {result.sessions.length} session{result.sessions.length === 1 ? '' : 's'} in <code>{result.location}</code>
      </h3>
      {result.skipped.length > 0 && (
        <div className="hint" data-testid="putty-skipped">
          Not read, and never changed here:
          <ul>
            {result.skipped.map((x) => (
              <li key={x.name}>
                <code>{x.name}</code>: {x.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {result.sessions.length === 0 ? (
        <p className="muted">No saved sessions here yet. “Save into PuTTY’s sessions folder” above writes your hosts here (or one host at a time: its “PuTTY and WinSCP” button on the Hosts tab).</p>
      ) : (
        <>
          {off.length === 0 ? (
            // Not a disabled "Turn keepalive on for 0 sessions" button: say the state.
            <p className="hint">Every session here sends keepalives.</p>
          ) : (
            <div className="putty-bulk">
              <IntervalField label="Keepalive interval (seconds)" value={intervalText} onChange={setIntervalText} showLabel />
              <button type="button" className="primary" disabled={busy || interval === null} onClick={() => interval !== null && onEnable(off.map((x) => x.name), interval)}>
                Turn keepalive on for {off.length} session{off.length === 1 ? '' : 's'} without it
              </button>
            </div>
          )}
          <table className="putty-session-table">
            <TableHead columns={['Session', 'Connects to', 'Keepalive', 'TCP keepalives', { hidden: 'Action' }]} />
            <tbody>
              {result.sessions.map((x) => (
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
                      <button type="button" className="small" disabled={busy || interval === null} onClick={() => interval !== null && onEnable([x.name], interval)}>
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
  );
}
