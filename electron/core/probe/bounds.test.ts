import { describe, expect, it } from 'vitest';
import { boundOf, describeBound, narrowEnough, nextIdleTimes, recommendInterval } from './bounds';

describe('probe bounds', () => {
  it('puts the timeout between the longest survivor and the shortest forgotten idle', () => {
    const b = boundOf([
      { idleSeconds: 100, alive: true },
      { idleSeconds: 250, alive: true },
      { idleSeconds: 320, alive: false },
      { idleSeconds: 400, alive: false },
    ]);
    expect(b).toEqual({ lower: 250, upper: 320, inconsistent: false });
  });

  it('flags a survivor longer than a forgotten connection instead of hiding it', () => {
    const b = boundOf([
      { idleSeconds: 200, alive: false },
      { idleSeconds: 300, alive: true },
      { idleSeconds: 150, alive: true },
    ]);
    expect(b).toEqual({ lower: 150, upper: 200, inconsistent: true });
    expect(describeBound(b, 1800)).toMatch(/varied/);
  });

  it('climbs a doubling ladder to the maximum first, then spreads evenly inside the bound', () => {
    expect(nextIdleTimes({ lower: 0, upper: null, inconsistent: false }, 8, 1792)).toEqual([14, 28, 56, 112, 224, 448, 896, 1792]);
    expect(nextIdleTimes({ lower: 0, upper: null, inconsistent: false }, 4, 18)[0]).toBe(2.25);
    expect(nextIdleTimes({ lower: 0, upper: null, inconsistent: false }, 8, 18)[0]).toBe(1);
    expect(nextIdleTimes({ lower: 225, upper: 450, inconsistent: false }, 8, 1800)).toEqual([250, 275, 300, 325, 350, 375, 400, 425]);
  });

  it('is narrow enough at 10% of the upper end or one second', () => {
    expect(narrowEnough({ lower: 275, upper: 300, inconsistent: false }, 0.1, 1)).toBe(true);
    expect(narrowEnough({ lower: 250, upper: 300, inconsistent: false }, 0.1, 1)).toBe(false);
    expect(narrowEnough({ lower: 2.2, upper: 3, inconsistent: false }, 0.1, 1)).toBe(true);
    expect(narrowEnough({ lower: 0, upper: null, inconsistent: false }, 0.1, 1)).toBe(false);
  });

  it('recommends half the longest survivor, at most 60 s and at least 1 s', () => {
    expect(recommendInterval({ lower: 275, upper: 300, inconsistent: false })).toBe(60);
    expect(recommendInterval({ lower: 50, upper: 55, inconsistent: false })).toBe(25);
    expect(recommendInterval({ lower: 1, upper: 1.5, inconsistent: false })).toBe(1);
    expect(recommendInterval({ lower: 0, upper: null, inconsistent: false })).toBe(60);
  });

  it('says the bound in words', () => {
    // Durations as everywhere in the app (common/format/duration).
    expect(describeBound({ lower: 240, upper: 300, inconsistent: false }, 1800)).toBe('This network forgets idle connections after 4 min to 5 min.');
    expect(describeBound({ lower: 236.25, upper: 262.5, inconsistent: false }, 1800)).toBe('This network forgets idle connections after 3 min 56 s to 4 min 23 s.');
    expect(describeBound({ lower: 0, upper: 7.5, inconsistent: false }, 1800)).toBe('This network forgets idle connections after at most 7.5 s.');
    expect(describeBound({ lower: 0, upper: null, inconsistent: false }, 600)).toMatch(/No idle connection was forgotten within 10 min/);
  });
});
