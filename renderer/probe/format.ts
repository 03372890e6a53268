/** "75" -> "1:15", "3725" -> "1:02:05": elapsed and remaining time. */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const secs = (x: number) => (x >= 10 ? String(Math.round(x)) : x.toFixed(1).replace(/\.0$/, ''));

/** The bound so far, in words: "between 225 and 450 s", "more than 450 s", "not known yet". */
export function formatBound(lower: number, upper: number | null): string {
  if (upper !== null) return lower > 0 ? `between ${secs(lower)} and ${secs(upper)} s` : `at most ${secs(upper)} s`;
  return lower > 0 ? `more than ${secs(lower)} s` : 'not known yet';
}

/** Choices for the longest idle to try; the run never takes longer than 35 minutes. */
export const MAX_IDLE_CHOICES = [
  { seconds: 300, label: '5 minutes' },
  { seconds: 600, label: '10 minutes' },
  { seconds: 1200, label: '20 minutes' },
  { seconds: 1800, label: '30 minutes' },
] as const;

/** The block's first positive pattern when it names one host ("web1" of "web1 web2"), else ''. */
export function concreteHost(pattern: string): string {
  const first = pattern.split(/\s+/).find((p) => p && !p.startsWith('!'));
  return first && !/[*?]/.test(first) ? first : '';
}
