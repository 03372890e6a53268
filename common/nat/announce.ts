import { rowState, type SimState } from './simulation';

/**
 * What a screen reader should hear between two states: entries the router deleted, terminals that
 * froze and sessions that ended. Pure, so the view only has to put the text in a live region.
 */
export function changesBetween(before: SimState | null, after: SimState, names: (id: string) => string): string[] {
  if (!before) return [];
  const previous = new Map(before.hosts.map((h) => [h.id, h]));
  const out: string[] = [];
  for (const h of after.hosts) {
    const old = previous.get(h.id);
    if (!old) continue;
    if (rowState(old) !== 'deleted' && rowState(h) === 'deleted') out.push(`${names(h.id)}: the router deleted the entry`);
    if (old.client.frozenSince === null && h.client.frozenSince !== null) out.push(`${names(h.id)}: frozen, the keystroke gets no answer`);
    if (old.client.open && !h.client.open && h.client.message) out.push(`${names(h.id)}: ${h.client.message}`);
  }
  return out;
}
