import { memo, useMemo } from 'react';
import type { NatHost } from '../../common/nat/scenario';
import { laneY, layoutFor, truncate, type Layout } from './layout';
import { idleMs, packetPositions, rowState, type HostState, type RowState, type SimState } from '../../common/nat/simulation';
import { formatDuration } from '../../common/format/duration';
import { clockLabel } from '../../common/nat/story';

/** Boxes, links and names: redrawn only when the sessions change. */
const StaticLayer = memo(function StaticLayer({ hosts, layout: l, natTimeoutSeconds }: { hosts: readonly NatHost[]; layout: Layout; natTimeoutSeconds: number }) {
  const bottom = l.top + hosts.length * l.lane;
  return (
    <g>
      <g className="nat-client">
        <rect x={16} y={l.clientY - 34} width={l.clientX - 16} height={68} rx={8} />
        <text x={(16 + l.clientX) / 2} y={l.clientY - 4} textAnchor="middle" className="nat-title">
          This
        </text>
        <text x={(16 + l.clientX) / 2} y={l.clientY + 14} textAnchor="middle" className="nat-title">
          computer
        </text>
      </g>
      <g className="nat-links">
        {hosts.map((h, i) => (
          <g key={h.key}>
            <line x1={l.clientX} y1={l.clientY} x2={l.routerLeft} y2={laneY(l, i)} />
            <line x1={l.routerRight} y1={laneY(l, i)} x2={l.serverLeft} y2={laneY(l, i)} />
          </g>
        ))}
      </g>
      <g className="nat-router">
        <rect x={l.routerLeft} y={l.top - 44} width={l.routerRight - l.routerLeft} height={bottom - l.top + 52} rx={8} />
        <text x={l.routerLeft + 10} y={l.top - 26} className="nat-title">
          Router: connection table
        </text>
        <text x={l.routerLeft + 10} y={l.top - 10} className="nat-small">
          forgets entries idle for {formatDuration(natTimeoutSeconds)}
        </text>
      </g>
      <g className="nat-servers">
        {hosts.map((h, i) => {
          const y = laneY(l, i);
          const boxH = l.lane - (l.dense ? 3 : 8);
          return (
            <g key={h.key}>
              <rect x={l.serverLeft} y={y - boxH / 2} width={l.serverRight - l.serverLeft} height={boxH} rx={4} />
              <text x={l.serverLeft + 8} y={l.dense ? y + 4 : y - 3} className={l.dense ? 'nat-small' : 'nat-name'}>
                {truncate(l.dense ? `${h.pattern} · ${h.hostName}:${h.port}` : h.pattern, l.serverChars)}
              </text>
              {!l.dense && (
                <text x={l.serverLeft + 8} y={y + 13} className="nat-small">
                  {truncate(`${h.hostName}:${h.port}`, l.serverChars + 2)}
                </text>
              )}
            </g>
          );
        })}
      </g>
    </g>
  );
});

const barHeight = (l: Layout): number => Math.max(6, Math.round(l.lane * 0.36));

/** One connection-table row inside the router: name, state, a dropped packet, the session's end. */
const RowLayer = memo(function RowLayer({ state, dropSide, ended, frozen, index, layout: l, pattern }: { state: RowState; dropSide: 'left' | 'right' | null; ended: boolean; frozen: boolean; index: number; layout: Layout; pattern: string }) {
  const y = laneY(l, index);
  const barH = barHeight(l);
  return (
    <g className={`nat-row nat-row-${state}`}>
      <text x={l.routerLeft + 10} y={y + 4} className="nat-small">
        {truncate(pattern, l.rowChars)}
      </text>
      <rect className="nat-bar-track" x={l.barX} y={y - barH / 2} width={l.barWidth} height={barH} rx={2} />
      <text x={l.barX - 8} y={y + 4} textAnchor="end" className="nat-small nat-state">
        {state}
      </text>
      {dropSide && (
        <text x={dropSide === 'right' ? l.routerRight + 6 : l.routerLeft - 16} y={y + 5} className="nat-drop">
          ✕
        </text>
      )}
      {frozen && !ended && (
        <text x={l.routerLeft - 22} y={y + 4} textAnchor="end" className="nat-small nat-frozen">
          frozen
        </text>
      )}
      {ended && (
        <rect className="nat-server-dead" x={l.serverLeft} y={y - (l.lane - (l.dense ? 3 : 8)) / 2} width={l.serverRight - l.serverLeft} height={l.lane - (l.dense ? 3 : 8)} rx={4} />
      )}
    </g>
  );
});

function dropSideOf(h: HostState, state: RowState): 'left' | 'right' | null {
  if (state !== 'deleted' || !h.lastDrop) return null;
  return h.lastDrop.kind === 'server-keepalive' || h.lastDrop.kind === 'fin' || h.lastDrop.kind === 'echo' ? 'right' : 'left';
}

function packetXY(l: Layout, index: number, x: number): [number, number] {
  const y = laneY(l, index);
  if (x <= 0.5) {
    const u = x / 0.5;
    return [l.clientX + (l.routerLeft - l.clientX) * u, l.clientY + (y - l.clientY) * u];
  }
  const u = (x - 0.5) / 0.5;
  return [l.routerRight + (l.serverLeft - l.routerRight) * u, y];
}

interface Props {
  sim: SimState;
  hosts: readonly NatHost[];
  showPackets: boolean;
  /** The width available, in CSS pixels (the drawing is laid out for it, never scaled). */
  width: number;
}

/** The animated picture. It only draws the model's state; it never decides anything. */
export function NatDiagram({ sim, hosts, showPackets, width }: Props) {
  const l = useMemo(() => layoutFor(hosts.length, width), [hosts.length, width]);
  const n = sim.config.natTimeoutSeconds;
  const states = sim.hosts.map(rowState);
  const deleted = states.filter((s) => s === 'deleted').length;
  const label =
    `NAT diagram: this computer, a NAT router that forgets connections idle for ${formatDuration(n)}, and ${hosts.length} ` +
    `${hosts.length === 1 ? 'server' : 'servers'}; ${deleted} of ${hosts.length} connection-table entries deleted. The table below lists them.`;
  return (
    <div className="nat-diagram-wrap">
      <svg className="nat-diagram" role="img" aria-label={label} width={l.width} height={l.height} viewBox={`0 0 ${l.width} ${l.height}`}>
        <StaticLayer hosts={hosts} layout={l} natTimeoutSeconds={n} />
        <text x={16} y={24} className="nat-title nat-clock">
          {clockLabel(sim.nowMs)}
        </text>
        {sim.hosts.map((h, i) => (
          <RowLayer key={h.id} state={states[i]!} dropSide={dropSideOf(h, states[i]!)} ended={!h.client.open} frozen={h.client.frozenSince !== null} index={i} layout={l} pattern={hosts[i]?.pattern ?? h.label} />
        ))}
      </svg>
      <MovingLayer sim={sim} layout={l} states={states} showPackets={showPackets} />
    </div>
  );
}

/**
 * What changes every frame (idle bars and moving packets) lives in its own SVG on top, which the CSS
 * gives its own compositing layer: a frame then repaints only these simple shapes, never the
 * text-heavy diagram under them. Packets are keyed by slot, so a packet replacing another reuses
 * its element instead of creating one.
 */
function MovingLayer({ sim, layout: l, states, showPackets }: { sim: SimState; layout: Layout; states: readonly RowState[]; showPackets: boolean }) {
  const r = l.dense ? 3 : 4.5;
  const barH = barHeight(l);
  const timeoutMs = sim.config.natTimeoutSeconds * 1000;
  return (
    <svg className="nat-moving" aria-hidden="true" focusable="false" width={l.width} height={l.height} viewBox={`0 0 ${l.width} ${l.height}`}>
      {sim.hosts.map((h, i) => {
        const state = states[i]!;
        const fraction = Math.min(1, idleMs(h, sim.nowMs) / timeoutMs);
        const level = state === 'deleted' ? 'deleted' : fraction >= 0.8 ? 'danger' : fraction >= 0.5 ? 'warn' : 'ok';
        // Whole pixels: an unchanged width is not touched in the DOM.
        const width = state === 'deleted' ? l.barWidth : Math.round(fraction * l.barWidth);
        return <rect key={h.id} className={`nat-bar nat-bar-${level}`} x={l.barX} y={laneY(l, i) - barH / 2} width={width} height={barH} rx={2} />;
      })}
      {showPackets &&
        packetPositions(sim).map((p, slot) => {
          const [x, y] = packetXY(l, p.hostIndex, p.x);
          return <circle key={slot} className={`nat-packet kind-${p.kind}`} cx={x} cy={y} r={r} />;
        })}
    </svg>
  );
}
