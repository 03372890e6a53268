import { describe, expect, it } from 'vitest';
import { steadyTimeLeft, type ShownEstimate } from './time-left';

const at = (nowS: number, leftSeconds: number, round = 1, lower = 0, upper: number | null = null) => ({ nowMs: nowS * 1000, leftSeconds, round, lower, upper });

describe('the time left never grows without saying why', () => {
  it('takes an estimate that ends sooner, and absorbs one that ends a little later', () => {
    const a = steadyTimeLeft(null, at(0, 600));
    expect(a).toMatchObject({ leftSeconds: 600, grew: null });
    const b = steadyTimeLeft(a.shown, at(100, 450));
    expect(b).toMatchObject({ leftSeconds: 450, grew: null });
    // 10 s later than the shown end: within the tolerance, the shown end stays.
    const c = steadyTimeLeft(b.shown, at(200, 360));
    expect(c).toMatchObject({ leftSeconds: 350, grew: null });
  });

  it('names the cause of a clear growth: a new round, a survivor past the first guess, or a slow round', () => {
    const start = steadyTimeLeft(null, at(0, 300, 1, 0, 300)).shown;
    expect(steadyTimeLeft(start, at(200, 400, 2, 250, 300)).grew).toEqual({ bySeconds: 300, reason: 'another-round' });
    const ladder: ShownEstimate = steadyTimeLeft(null, at(0, 500, 1, 112, null)).shown;
    expect(steadyTimeLeft(ladder, at(100, 900, 1, 448, null)).grew).toEqual({ bySeconds: 500, reason: 'longer-than-guessed' });
    expect(steadyTimeLeft(ladder, at(100, 900, 1, 112, null)).grew).toEqual({ bySeconds: 500, reason: 'slower-than-planned' });
  });

  it('over a whole sequence: every shown rise comes with a reason', () => {
    let shown: ShownEstimate | null = null;
    let last = Infinity;
    const raw = [1810, 1700, 1720, 2400, 2300, 500, 510, 900, 100, 0];
    raw.forEach((left, i) => {
      const s = steadyTimeLeft(shown, at(i * 10, left, i < 5 ? 1 : 2, i * 20, i < 5 ? null : 300));
      if (s.leftSeconds > last - 10) expect(s.grew).not.toBeNull();
      shown = s.shown;
      last = s.leftSeconds;
    });
  });
});
