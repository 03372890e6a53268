import { memo } from 'react';
import { KeepaliveSwitch } from '../ui/KeepaliveSwitch';
import { TableHead } from '../ui/TableHead';
import type { NatHost } from '../../common/nat/scenario';
import { idleMs, rowState, sessionPhase, type RowState, type SessionPhase, type SimState } from '../../common/nat/simulation';
import { formatDuration, formatInterval } from '../../common/format/duration';

interface RowProps {
  host: NatHost;
  state: RowState;
  phase: SessionPhase;
  idleSeconds: number;
  frozenSeconds: number;
  timeoutSeconds: number;
  /** Primitives only, so a row whose text did not change skips rendering. */
  message: string | null;
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

/** What the user lives in that terminal, in words. */
function sessionText(state: RowState, phase: SessionPhase, message: string | null, frozenSeconds: number): string {
  switch (phase) {
    case 'ended':
      return message ?? 'ended';
    case 'frozen':
      return `frozen for ${formatDuration(frozenSeconds)}: nothing echoes`;
    case 'typing':
      return 'you are typing';
    case 'idle':
      return state === 'deleted' ? 'looks connected; the next keystroke freezes it' : 'open, you are away';
  }
}

const Row = memo(function Row({ host, state, phase, idleSeconds, frozenSeconds, timeoutSeconds, message, busy, onToggle, onType, onReconnect }: RowProps) {
  const ended = phase === 'ended';
  return (
    <tr data-nat-host={host.pattern} data-state={state} data-phase={phase}>
      <th scope="row">
        <code>{host.pattern}</code>
        {!host.decided && <span className="note"> (depends on a Match condition)</span>}
      </th>
      {/* Where the router's entry points: the host, or the first jump host a chain goes through. */}
      <td className="nat-mapping">
        <code>{`${host.hostName}:${host.port}`}</code>
      </td>
      <td className={`nat-state nat-state-${state}`}>
        {state}
        {state !== 'deleted' && (
          <span className="nat-idle">
            {' '}
            {formatDuration(idleSeconds)} of {formatDuration(timeoutSeconds)}
          </span>
        )}
      </td>
      <td className="nat-keepalive">
        <KeepaliveSwitch label={`Keepalive for ${host.pattern}`} checked={host.keepaliveOn} disabled={busy} onToggle={() => onToggle(host)} />
        <span className="hint nat-keepalive-text">{keepaliveText(host)}</span>
      </td>
      <td className={`nat-session nat-session-${phase}`}>{sessionText(state, phase, message, frozenSeconds)}</td>
      <td className="nat-action">
        {ended ? (
          <button type="button" className="small" onClick={() => onReconnect(host)} aria-label={`Reconnect ${host.pattern}`}>
            Reconnect
          </button>
        ) : (
          <button type="button" className="small" onClick={() => onType(host)} aria-label={`Type in ${host.pattern}`} disabled={phase === 'typing'}>
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
    <div className="nat-table-wrap">
      <table className="nat-table" aria-label="NAT connection table">
        <TableHead columns={['Host', 'Router entry to', 'Entry', 'Keepalive', 'Session', { hidden: 'Actions' }]} />
        <tbody>
          {hosts.map((h, i) => {
            const session = sim.hosts[i];
            if (!session) return null;
            const frozenSince = session.client.frozenSince;
            const frozenUntil = session.client.endedAt ?? sim.nowMs;
            return (
              <Row
                key={h.key}
                host={h}
                state={rowState(session)}
                phase={sessionPhase(session)}
                idleSeconds={Math.floor(idleMs(session, sim.nowMs) / 1000)}
                frozenSeconds={frozenSince === null ? 0 : Math.floor((frozenUntil - frozenSince) / 1000)}
                timeoutSeconds={sim.config.natTimeoutSeconds}
                message={session.client.message}
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
