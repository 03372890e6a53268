import { useEffect, useRef, useState } from 'react';
import { changesBetween } from '../../common/nat/announce';
import type { NatHost } from '../../common/nat/scenario';
import { rowState, type SimState } from '../../common/nat/simulation';

const TABLE_REFRESH_MS = 250;

/**
 * The table and the announcements follow at a calmer pace than the picture: a new state is taken
 * when a row's state changes, when paused, or every TABLE_REFRESH_MS. Returns that state and what a
 * screen reader should hear about the change (entries deleted, sessions ended).
 */
export function useCalmTable(sim: SimState, playing: boolean, hosts: readonly NatHost[]): { tableSim: SimState; announcement: string } {
  const table = useRef<{ sim: SimState; at: number; signature: string }>({ sim, at: 0, signature: '' });
  const signature = sim.hosts.map((h) => `${rowState(h)}${h.client.open ? 1 : 0}${h.typing ? 1 : 0}`).join();
  const now = typeof performance === 'undefined' ? 0 : performance.now();
  if (table.current.sim.config !== sim.config || signature !== table.current.signature || !playing || now - table.current.at >= TABLE_REFRESH_MS) {
    table.current = { sim, at: now, signature };
  }
  const tableSim = table.current.sim;

  const [announcement, setAnnouncement] = useState('');
  const announced = useRef<SimState | null>(null);
  useEffect(() => {
    const before = announced.current;
    announced.current = tableSim;
    if (before && before.config !== tableSim.config) return;
    const names = new Map(hosts.map((h) => [h.key, h.pattern]));
    const lines = changesBetween(before, tableSim, (id) => names.get(id) ?? id);
    if (lines.length > 0) setAnnouncement(lines.length > 6 ? `${lines.slice(0, 5).join('. ')}. And ${lines.length - 5} more.` : `${lines.join('. ')}.`);
  }, [tableSim, hosts]);
  return { tableSim, announcement };
}
