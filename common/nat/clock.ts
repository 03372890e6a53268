/**
 * Maps real (wall-clock) milliseconds to simulated milliseconds at a chosen speed. Pure: the
 * animation loop passes `performance.now()` in. Simulated time is always anchor + elapsed x speed,
 * re-anchored only when the speed or play state changes, so long runs do not accumulate rounding.
 */
export interface Clock {
  playing: boolean;
  speed: number;
  anchorRealMs: number;
  anchorSimMs: number;
}

export const SPEEDS = [1, 2, 5, 10, 30, 60, 120, 300, 600] as const;

export function createClock(realMs: number, speed = 1, playing = true, simMs = 0): Clock {
  return { playing, speed, anchorRealMs: realMs, anchorSimMs: simMs };
}

export function clockTime(c: Clock, realMs: number): number {
  return c.playing ? c.anchorSimMs + Math.max(0, realMs - c.anchorRealMs) * c.speed : c.anchorSimMs;
}

export function setSpeed(c: Clock, speed: number, realMs: number): Clock {
  if (!(speed > 0)) throw new RangeError('Speed must be positive');
  return { ...c, speed, anchorSimMs: clockTime(c, realMs), anchorRealMs: realMs };
}

export function setPlaying(c: Clock, playing: boolean, realMs: number): Clock {
  return { ...c, playing, anchorSimMs: clockTime(c, realMs), anchorRealMs: realMs };
}

/** Moves simulated time forward at once (Skip, Step) and keeps running from there. */
export function jumpBy(c: Clock, simDeltaMs: number, realMs: number): Clock {
  return { ...c, anchorSimMs: clockTime(c, realMs) + simDeltaMs, anchorRealMs: realMs };
}

/**
 * After a long gap between frames (a hidden tab, a debugger) the clock continues from where it
 * was instead of leaping ahead by the whole gap times the speed.
 */
export function resumeAfterGap(c: Clock, lastRealMs: number, realMs: number, maxGapMs: number): Clock {
  if (!c.playing || realMs - lastRealMs <= maxGapMs) return c;
  return { ...c, anchorSimMs: clockTime(c, lastRealMs), anchorRealMs: realMs };
}
