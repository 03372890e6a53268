import { formatDuration } from '../../common/format/duration';

/** "75" -> "1:15", "3725" -> "1:02:05": elapsed and remaining time, ticking like a clock. */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The bound so far, in words: "between 3 min 45 s and 7 min 30 s", "more than 7 min 30 s", "not known yet". */
export function formatBound(lower: number, upper: number | null): string {
  if (upper !== null) return lower > 0 ? `between ${formatDuration(lower)} and ${formatDuration(upper)}` : `at most ${formatDuration(upper)}`;
  return lower > 0 ? `more than ${formatDuration(lower)}` : 'not known yet';
}

/** Choices for the longest idle to try; the run never takes longer than 35 minutes. */
export const MAX_IDLE_CHOICES = [300, 600, 1200, 1800].map((seconds) => ({ seconds, label: formatDuration(seconds) }));

/** The block's first positive pattern when it names one host ("web1" of "web1 web2"), else ''. */
export function concreteHost(pattern: string): string {
  const first = pattern.split(/\s+/).find((p) => p && !p.startsWith('!'));
  return first && !/[*?]/.test(first) ? first : '';
}
