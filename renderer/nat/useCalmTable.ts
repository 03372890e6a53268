import { useRef } from 'react';
import { rowState, type SimState } from '../../common/nat/simulation';

const TABLE_REFRESH_MS = 250;

/**
 * The table follows at a calmer pace than the picture: a new state is taken when a row's state
 * changes, when paused, or every TABLE_REFRESH_MS. (What a screen reader hears comes from the
 * story's captions, NatStoryPanel's log.)
 */
export function useCalmTable(sim: SimState, playing: boolean): { tableSim: SimState } {
  const table = useRef<{ sim: SimState; at: number; signature: string }>({ sim, at: 0, signature: '' });
  const signature = sim.hosts.map((h) => `${rowState(h)}${h.client.open ? 1 : 0}${h.typing ? 1 : 0}${h.client.frozenSince === null ? 0 : 1}`).join();
  const now = typeof performance === 'undefined' ? 0 : performance.now();
  if (table.current.sim.config !== sim.config || signature !== table.current.signature || !playing || now - table.current.at >= TABLE_REFRESH_MS) {
    table.current = { sim, at: now, signature };
  }
  return { tableSim: table.current.sim };
}
