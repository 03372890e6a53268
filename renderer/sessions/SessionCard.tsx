import type { SessionSettings } from '../../common/contract/sessions';
import { formatInterval } from '../../common/format/duration';
import { TableHead } from '../ui/TableHead';

const TYPE_NAME = { sz: 'REG_SZ', dword: 'REG_DWORD' } as const;

function keepaliveText(s: SessionSettings): string {
  if (s.keepaliveSeconds === 0) return 'Keepalive off (the host has no ServerAliveInterval).';
  const m = Math.floor(s.keepaliveSeconds / 60);
  const sec = s.keepaliveSeconds % 60;
  const how = s.tool === 'putty' ? 'Connection > Seconds between keepalives' : 'Connection > Keepalives: "Send null SSH packets"';
  // What the export did to the host's own value, said before the numbers.
  const why =
    s.keepaliveOrigin === 'added'
      ? ' The host has no ServerAliveInterval: the export adds this one.'
      : s.keepaliveOrigin === 'raised'
        ? ` The host’s own ${formatInterval(s.hostKeepaliveSeconds)} is longer: the export shortens it.`
        : '';
  return `Keepalive every ${formatInterval(s.keepaliveSeconds)} (${how}): PingInterval ${m} min + PingIntervalSecs ${sec} s, added when loaded.${why}`;
}

/** One program's equivalent of a host: where it is stored, each value, and what does not carry over. */
export function SessionCard({ settings, title }: { settings: SessionSettings; title: string }) {
  const s = settings;
  return (
    <section className="putty-card" aria-label={title}>
      <h3>{title}</h3>
      <dl className="putty-where">
        <dt>{s.tool === 'putty' ? 'Session' : 'Site'}</dt>
        <dd>
          <code data-testid={`${s.tool}-session-name`}>{s.sessionName}</code>
        </dd>
        <dt>Windows registry</dt>
        <dd>{s.registryKey ? <code data-testid={`${s.tool}-registry-key`}>{s.registryKey}</code> : <span className="putty-error">{s.nameError}</span>}</dd>
        {s.tool === 'putty' && (
          <>
            <dt>Linux/Unix file</dt>
            <dd>{s.unixFile ? <code>~/.putty/sessions/{s.unixFile}</code> : <span className="putty-error">{s.unixNameError}</span>}</dd>
          </>
        )}
        {s.iniSection && (
          <>
            <dt>WinSCP.ini</dt>
            <dd>
              <code>[{s.iniSection}]</code>
            </dd>
          </>
        )}
      </dl>
      <p className="putty-keepalive">{keepaliveText(s)}</p>
      <table className="putty-values">
        <caption className="visually-hidden">{title} values</caption>
        <TableHead columns={['Value name', 'Type', 'Data']} />
        <tbody>
          {s.values.map((v) => (
            <tr key={v.name} data-value-name={v.name}>
              <th scope="row">
                <code>{v.name}</code>
              </th>
              <td>{TYPE_NAME[v.type]}</td>
              <td>
                <code>{String(v.value)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {s.warnings.length > 0 && (
        <ul className="putty-warnings" aria-label={`${title}: settings without an exact equivalent`}>
          {s.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
