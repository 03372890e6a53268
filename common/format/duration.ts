/**
 * The one way the app says how long something lasts, in every view and message: hours, minutes and
 * seconds, largest first, zero parts left out ("45 s", "5 min", "5 min 50 s", "2 h", "2 h 4 min").
 * Below 10 s a fraction keeps one decimal ("2.5 s"), so a measured bound is not rounded to a lie.
 *
 * Keepalive intervals are the exception on purpose: they are what the user types and what the config
 * holds (`ServerAliveInterval 600`), so they stay in seconds ("every 600 s"); see formatInterval.
 */

/** How a number is joined to its unit: a plain space, or a no-break space where a line must not split "60 s". */
export interface UnitStyle {
  space: string;
}
export const PLAIN: UnitStyle = { space: ' ' };
export const NO_BREAK: UnitStyle = { space: '\u00a0' };

export function formatDuration(seconds: number, style: UnitStyle = PLAIN): string {
  if (!Number.isFinite(seconds)) return 'forever';
  const u = (n: number | string, unit: string) => `${n}${style.space}${unit}`;
  if (seconds > 0 && seconds < 10 && !Number.isInteger(seconds)) return u(Number(seconds.toFixed(1)), 's');
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts: string[] = [];
  if (h > 0) parts.push(u(h, 'h'));
  if (m > 0) parts.push(u(m, 'min'));
  if (s > 0 || parts.length === 0) parts.push(u(s, 's'));
  return parts.join(' ');
}

/** A keepalive interval, in the seconds the config holds: "60 s". */
export function formatInterval(seconds: number, style: UnitStyle = PLAIN): string {
  return `${seconds}${style.space}s`;
}
