import { MAX_INTERVAL, MIN_INTERVAL } from '../contract/keepalive';

export type Parsed = { ok: true; value: number } | { ok: false; message: string };

/** The same rule as the contract's Interval schema, with a message a person can act on. */
export function parseInterval(text: string): Parsed {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'Enter an interval in seconds (60 is a good choice).' };
  if (!isDigits(trimmed)) return { ok: false, message: 'The interval must be a whole number of seconds, for example 60.' };
  const value = Number(trimmed);
  if (value < MIN_INTERVAL || value > MAX_INTERVAL) {
    return { ok: false, message: `The interval must be between ${MIN_INTERVAL} and ${MAX_INTERVAL} seconds.` };
  }
  return { ok: true, value };
}

/** A week: longer than any NAT keeps an idle entry. */
export const MAX_NAT_TIMEOUT = 7 * 86_400;

export function parseNatTimeout(text: string): Parsed {
  const trimmed = text.trim();
  if (!isDigits(trimmed) || Number(trimmed) < 1 || Number(trimmed) > MAX_NAT_TIMEOUT) {
    return { ok: false, message: `The NAT timeout must be a whole number of seconds between 1 and ${MAX_NAT_TIMEOUT}.` };
  }
  return { ok: true, value: Number(trimmed) };
}

/** A whole number from `min` to `max` as typed in a field, or null. */
export function parseWhole(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!isDigits(trimmed)) return null;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : null;
}

function isDigits(text: string): boolean {
  return /^\d+$/.test(text);
}
