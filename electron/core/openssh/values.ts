/** Value parsers of OpenSSH 9.x (misc.c convtime, atoi_err, readconf.c multistate_flag). */

const INT_MAX = 2_147_483_647;
const MULTIPLIERS: Record<string, number> = { '': 1, s: 1, S: 1, m: 60, M: 60, h: 3600, H: 3600, d: 86_400, D: 86_400, w: 604_800, W: 604_800 };

/** convtime(): "90", "1m30s", "2h"; -1 when invalid (what OpenSSH calls "invalid time value"). */
export function convtime(s: string): number {
  if (s === '') return -1;
  let total = 0;
  let p = 0;
  while (p < s.length) {
    // strtol(p, &end, 10): optional whitespace and sign, then digits.
    const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(s.slice(p));
    if (!m) return -1;
    const digits = Number(m[2]);
    const secs = m[1] === '-' ? -digits : digits;
    if (secs < 0) return -1;
    let end = p + m[0].length;
    const unit = s[end] ?? '';
    const mult = MULTIPLIERS[unit];
    if (mult === undefined) return -1;
    if (unit !== '') end++;
    if (secs > Math.floor(INT_MAX / mult)) return -1;
    const add = secs * mult;
    if (total > INT_MAX - add) return -1;
    total += add;
    p = end;
  }
  return total;
}

/** atoi_err(): a decimal in 0..INT_MAX (strtonum), or the reason it is not. */
export function atoiErr(s: string | undefined): { value: number } | { error: string } {
  if (s === undefined || s === '') return { error: 'missing' };
  if (!/^[ \t\n\v\f\r]*[+-]?\d+$/.test(s)) return { error: 'invalid' };
  const n = Number(s.trim());
  if (n < 0) return { error: 'too small' };
  if (n > INT_MAX) return { error: 'too large' };
  return { value: n };
}

/** multistate_flag: true/false/yes/no, case-insensitive. */
export function parseFlag(s: string | undefined): boolean | null {
  switch (s?.toLowerCase()) {
    case 'yes':
    case 'true':
      return true;
    case 'no':
    case 'false':
      return false;
    default:
      return null;
  }
}

/** a2port(): 1..65535, else -1. */
export function a2port(s: string): number {
  if (!/^\d+$/.test(s)) return -1;
  const n = Number(s);
  return n >= 1 && n <= 65535 ? n : -1;
}
