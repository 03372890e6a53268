import { memo } from 'react';
import { KeepaliveSwitch } from '../ui/KeepaliveSwitch';
import { TableHead } from '../ui/TableHead';
import type { NatHost } from '../../common/nat/scenario';
import { idleMs, rowState, type RowState, type SimState } from '../../common/nat/simulation';
import { formatDuration, formatInterval } from '../../common/format/duration';

interface RowProps {
  host: NatHost;
  state: RowState;
  idleSeconds: number;
  timeoutSeconds: number;
  /** Primitives only, so a row whose text did not change skips rendering. */
  message: string | null;
  typing: boolean;
  open: boolean;
  busy: boolean;
  onToggle: (host: NatHost) => void;
  onType: (host: NatHost) => void;
  onReconnect: (host: NatHost) => void;
}

function keepaliveText(h: NatHost): string {
  const s = h.settings;
  const parts = [s.serverAliveInterval > 0 ? `every ${formatInterval(s.serverAliveInterval)}` : 'off'];
  if (s.serverAliveInterval > 0 && s.serverAliveCountMax !== 3) parts.push(`CountMax ${s.serverAliveCountMax}`);
  parts.push(s.tcpKeepAlive ? 'TCPKeepAlive yes' : 'TCPKeepAlive no');
  if (s.clientAliveInterval > 0) parts.push(`server every ${formatInterval(s.clientAliveInterval)}`);
  return parts.join(', ');
}

function sessionText(state: RowState, message: string | null, typing: boolean): string {
  if (message) return message;
  if (state === 'deleted') return 'looks connected, but the next keystroke fails';
  return typing ? 'you are typing' : 'open, you are away';
}

const Row = memo(function Row({ host, state, idleSeconds, timeoutSeconds, message, typing, open, busy, onToggle, onType, onReconnect }: RowProps) {
  const ended = !open;
  return (
    <tr data-host={host.pattern} data-state={state}>
      <th scope="row">
        <code>{host.pattern}</code>
        {!host.decided && <span className="note"> (depends on a Match condition)</span>}
      </th>
      <td className="nat-mapping">
        <code>{host.mapping}</code>
      </td>
      <td className="nat-idle">{state === 'deleted' ? '—' : `${formatDuration(idleSeconds)} of ${formatDuration(timeoutSeconds)}`}</td>
      <td className={`nat-state nat-state-${state}`}>{state}</td>
      <td className="nat-keepalive">
        <KeepaliveSwitch label={`Keepalive for ${host.pattern}`} checked={host.keepaliveOn} disabled={busy} onToggle={() => onToggle(host)} />
        <span className="hint"> {keepaliveText(host)}</span>
      </td>
      <td className={ended ? 'nat-session nat-session-ended' : 'nat-session'}>{sessionText(state, message, typing)}</td>
      <td>
        {ended ? (
          <button type="button" className="small" onClick={() => onReconnect(host)} aria-label={`Reconnect ${host.pattern}`}>
            Reconnect
          </button>
        ) : (
          <button type="button" className="small" onClick={() => onType(host)} aria-label={`Type in ${host.pattern}`} disabled={typing}>
            Type
          </button>
        )}
      </td>
    </tr>
  );
});

interface Props {
  sim: SimState;
  hosts: readonly NatHost[];
  busy: boolean;
  onToggle: (host: NatHost) => void;
  onType: (host: NatHost) => void;
  onReconnect: (host: NatHost) => void;
}

/** The diagram's text equivalent: one row per session, the same state the picture draws. */
export function NatTable({ sim, hosts, busy, onToggle, onType, onReconnect }: Props) {
  return (
    <div className="table-scroll">
      <table className="nat-table" aria-label="NAT connection table">
        <TableHead columns={['Host', 'Router entry', 'Idle', 'State', 'Keepalive', 'Session', { hidden: 'Actions' }]} />
        <tbody>
          {hosts.map((h, i) => {
            const session = sim.hosts[i];
            if (!session) return null;
            return (
              <Row
                key={h.key}
                host={h}
                state={rowState(session)}
                idleSeconds={Math.floor(idleMs(session, sim.nowMs) / 1000)}
                timeoutSeconds={sim.config.natTimeoutSeconds}
                message={session.client.message}
                typing={session.typing}
                open={session.client.open}
                busy={busy}
                onToggle={onToggle}
                onType={onType}
                onReconnect={onReconnect}
              />
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
