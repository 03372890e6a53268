import { useEffect, useState } from 'react';
import { DEFAULT_INTERVAL } from '../../common/contract/keepalive';
import { formatInterval } from '../../common/format/duration';
import { parseInterval } from '../../common/format/interval';

/** What a keepalive switch asks for. */
export type SwitchChange = { action: 'off' } | { action: 'on'; interval: number };

/** The dialog title of a switch's change: "Turn keepalive on for db (every 60 s)". */
export function switchTitle(subject: string, change: SwitchChange, how: 'toggle' | 'interval' | 'measured' = 'toggle'): string {
  if (change.action === 'off') return `Turn keepalive off for ${subject}`;
  const every = `every ${formatInterval(change.interval)}`;
  if (how === 'toggle') return `Turn keepalive on for ${subject} (${every})`;
  return `Keepalive for ${subject}: ${every}${how === 'measured' ? ' (measured)' : ''}`;
}

/**
 * A keepalive switch with its interval field: the field shows the file's interval (or the default
 * while off) until the user types; the switch turns keepalive off, or on with the typed interval;
 * Set (or Enter while on) changes the interval. Each asks `request` for a previewed change.
 */
export function useIntervalToggle(on: boolean, interval: number, subject: string, request: (change: SwitchChange, title: string) => void) {
  const current = String(on && interval > 0 ? interval : DEFAULT_INTERVAL);
  const [draft, setDraft] = useState<string | null>(null);
  // A new snapshot (our apply, undo, or an outside edit) shows the file's value again.
  useEffect(() => setDraft(null), [current]);
  const text = draft ?? current;
  const parsed = parseInterval(text);

  const toggle = () => {
    if (on) request({ action: 'off' }, switchTitle(subject, { action: 'off' }));
    else if (parsed.ok) request({ action: 'on', interval: parsed.value }, switchTitle(subject, { action: 'on', interval: parsed.value }));
  };
  const setInterval = () => {
    if (parsed.ok) request({ action: 'on', interval: parsed.value }, switchTitle(subject, { action: 'on', interval: parsed.value }, 'interval'));
  };
  return { on, text, setText: setDraft, parsed, toggle, setInterval, changed: on && parsed.ok && String(parsed.value) !== current };
}

export type IntervalToggle = ReturnType<typeof useIntervalToggle>;
