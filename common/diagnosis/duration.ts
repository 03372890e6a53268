/**
 * Time values as OpenSSH and systemd write them. Both parsers refuse rather than guess: a value
 * that sshd would reject is not a duration here either.
 */

const MAX_SECONDS = 2 ** 31 - 1;

const SSHD_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * OpenSSH's convtime() (misc.c): "300", "5m", "1h30m", "90s", units s/m/h/d/w in either case, no
 * spaces, a bare number is seconds. Returns null for anything sshd would refuse (and for values
 * past INT_MAX, which it refuses too).
 */
export function parseSshdTime(text: string): number | null {
  if (!/^(?:\d+[smhdwSMHDW]?)+$/.test(text)) return null;
  let total = 0;
  for (const m of text.matchAll(/(\d+)([smhdwSMHDW]?)/g)) {
    const n = Number(m[1]);
    const unit = m[2] ? (SSHD_UNITS[m[2].toLowerCase()] as number) : 1;
    // A bare number is only allowed last ("1h30" is 1 h 30 s in convtime), which the regex allows.
    total += n * unit;
    if (!Number.isSafeInteger(total) || total > MAX_SECONDS) return null;
  }
  return total;
}

const SYSTEMD_UNITS: Array<[RegExp, number]> = [
  [/^(?:us|usec|µs)$/, 1e-6],
  [/^(?:ms|msec)$/, 1e-3],
  [/^(?:s|sec|second|seconds)?$/, 1],
  [/^(?:m|min|minute|minutes)$/, 60],
  [/^(?:h|hr|hour|hours)$/, 3600],
  [/^(?:d|day|days)$/, 86_400],
  [/^(?:w|week|weeks)$/, 604_800],
  [/^(?:M|month|months)$/, 2_629_800],
  [/^(?:y|year|years)$/, 31_557_600],
];

/**
 * systemd's time spans ("15min", "1h 30min", "90", "infinity") as loginctl prints and logind.conf
 * takes them. Returns seconds, Infinity for "infinity", or null when it is not a time span.
 */
export function parseSystemdTimespan(text: string): number | null {
  const t = text.trim();
  if (t === 'infinity') return Infinity;
  if (!t || t.length > 64) return null;
  let total = 0;
  let rest = t;
  while (rest.length) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zµ]*|M)\s*/.exec(rest);
    if (!m || m[0].length === 0) return null;
    const unit = SYSTEMD_UNITS.find(([re]) => re.test(m[2] as string));
    if (!unit) return null;
    total += Number(m[1]) * unit[1];
    rest = rest.slice(m[0].length);
  }
  return Number.isFinite(total) ? total : null;
}

/** "45 s", "5 min", "1 h 30 min", for evidence and summaries. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'never';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts: string[] = [];
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (s || parts.length === 0) parts.push(`${s} s`);
  return parts.join(' ');
}
