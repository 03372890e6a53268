import { useState } from 'react';
import { DEFAULT_INTERVAL } from '../../common/contract/keepalive';
import type { VerdictFacts } from '../../common/contract/hosts';
import type { ImportedSession, PuttyImportResult } from '../../common/contract/sessions';
import { formatDuration, formatInterval, NO_BREAK } from '../../common/format/duration';
import { sessionVerdict } from '../../common/nat/verdict';
import { parseInterval } from '../../common/format/interval';
import { IntervalField } from '../ui/IntervalField';
import { TableHead } from '../ui/TableHead';
import { useNatTimeout } from '../ui/useNatTimeout';

function target(s: ImportedSession): string {
  return `${s.userName ? `${s.userName}@` : ''}${s.hostName || '(no host name)'}${s.port !== 22 ? `:${s.port}` : ''}`;
}

/**
 * The sessions read from one place, with their keepalive judged by the Hosts view's model against
 * the same network (a 600 s keepalive behind a 5 min NAT is "too slow", not fine), and the buttons
 * that turn it on, or shorten it, where the session would drop.
 */
export function SessionList({ result, busy, onEnable }: { result: PuttyImportResult; busy: boolean; onEnable: (names: string[], interval: number) => void }) {
  const [intervalText, setIntervalText] = useState(String(DEFAULT_INTERVAL));
  const [natTimeout] = useNatTimeout();
  const parsed = parseInterval(intervalText);
  const interval = parsed.ok ? parsed.value : null;
  const verdictOf = (x: ImportedSession) => sessionVerdict(x.keepaliveSeconds, x.tcpKeepalives, natTimeout);
  const off = result.sessions.filter((x) => !verdictOf(x).protected);
  const slow = off.filter((x) => x.keepaliveSeconds > 0).length;
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
            <p className="hint">Every session here stays connected when idle behind a NAT that forgets after {formatDuration(natTimeout)}.</p>
          ) : (
            <div className="putty-bulk">
              <IntervalField label="Keepalive interval (seconds)" value={intervalText} onChange={setIntervalText} showLabel />
              <button type="button" className="primary" disabled={busy || interval === null} onClick={() => interval !== null && onEnable(off.map((x) => x.name), interval)}>
                {slow === 0
                  ? `Turn keepalive on for ${off.length} session${off.length === 1 ? '' : 's'} without it`
                  : `Keep alive every ${interval === null ? '…' : formatInterval(interval)} in ${off.length} session${off.length === 1 ? '' : 's'} that would drop`}
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
                  <td data-field="keepalive">
                    {x.keepaliveSeconds > 0 ? `every ${formatInterval(x.keepaliveSeconds)}` : 'off'}
                    {x.keepaliveSeconds > 0 && <TooSlow facts={verdictOf(x).facts} />}
                  </td>
                  <td>{x.tcpKeepalives === null ? '—' : x.tcpKeepalives ? 'on' : 'off'}</td>
                  <td>
                    {!verdictOf(x).protected && (
                      <button type="button" className="small" disabled={busy || interval === null} onClick={() => interval !== null && onEnable([x.name], interval)}>
                        {x.keepaliveSeconds === 0 ? `Turn keepalive on for ${x.name}` : `Keep alive every ${interval === null ? '…' : formatInterval(interval)} for ${x.name}`}
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

/** ": too slow, drops after 5 min idle" beside a keepalive the model says does not keep the session. */
function TooSlow({ facts }: { facts: VerdictFacts | undefined }) {
  if (facts?.kind !== 'too-slow') return null;
  return <span className="verdict verdict-bad">: too slow, drops after {formatDuration(facts.afterSeconds, NO_BREAK)} idle</span>;
}
