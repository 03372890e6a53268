import { describe, expect, it } from 'vitest';
import { clockTime, createClock, jumpBy, resumeAfterGap, setPlaying, setSpeed } from './clock';

describe('clock', () => {
  it('runs at its speed and stays continuous across speed changes', () => {
    let c = createClock(1000, 1);
    expect(clockTime(c, 2000)).toBe(1000);
    c = setSpeed(c, 600, 2000);
    expect(clockTime(c, 2000)).toBe(1000);
    expect(clockTime(c, 3000)).toBe(1000 + 600_000);
    c = setSpeed(c, 2, 3000);
    expect(clockTime(c, 3500)).toBe(601_000 + 1000);
  });

  it('stands still while paused and resumes where it stopped', () => {
    let c = setPlaying(createClock(0, 10), false, 100);
    expect(clockTime(c, 5000)).toBe(1000);
    c = setPlaying(c, true, 5000);
    expect(clockTime(c, 5100)).toBe(2000);
  });

  it('does not drift over thousands of frames', () => {
    const c = createClock(0, 600);
    const frame = 1000 / 60;
    let last = 0;
    for (let i = 1; i <= 36_000; i++) last = clockTime(c, i * frame);
    expect(last).toBeCloseTo(600 * 600_000, 3); // 10 real minutes at 600x = 100 simulated hours
  });

  it('jumps ahead for Skip and ignores long gaps between frames', () => {
    let c = jumpBy(createClock(0, 1), 600_000, 10);
    expect(clockTime(c, 10)).toBe(600_010);
    c = resumeAfterGap(c, 20, 60_000, 250);
    expect(clockTime(c, 60_000)).toBe(600_020);
  });
});
