import type { TimeLeftReason } from '../../../common/contract/probe';

/** What the estimate is based on at one report. */
export interface EstimateInput {
  /** Clock ms now. */
  nowMs: number;
  /** The fresh estimate of the seconds left. */
  leftSeconds: number;
  round: number;
  /** The longest idle that survived so far, and the shortest that was forgotten (null: none yet). */
  lower: number;
  upper: number | null;
}

/** The estimate as shown: when the run should end (clock ms), and what it was based on. */
export interface ShownEstimate {
  endsAtMs: number;
  round: number;
  lower: number;
}

export interface Steadied {
  shown: ShownEstimate;
  leftSeconds: number;
  /** Set when the shown time left grew: by how much and why (the user is told, never surprised). */
  grew: { bySeconds: number; reason: TimeLeftReason } | null;
}

/** Growth smaller than this is absorbed (the estimate is "about"; a clock that ticks back up looks broken). */
function tolerance(leftSeconds: number): number {
  return Math.max(15, 0.05 * leftSeconds);
}

/**
 * Keeps the time left from growing without a reason. A fresh estimate that ends sooner is taken;
 * one that ends a little later is absorbed; one that ends clearly later is taken with its cause: a
 * new round started (the bound needs narrowing again), a connection outlived the first guess (the
 * timeout is longer than thought), or the round simply takes longer than planned.
 */
export function steadyTimeLeft(prev: ShownEstimate | null, next: EstimateInput): Steadied {
  const endsAtMs = next.nowMs + next.leftSeconds * 1000;
  const current: ShownEstimate = { endsAtMs, round: next.round, lower: next.lower };
  if (prev === null || endsAtMs <= prev.endsAtMs) return { shown: current, leftSeconds: next.leftSeconds, grew: null };
  const shownLeft = Math.max(0, (prev.endsAtMs - next.nowMs) / 1000);
  const growth = (endsAtMs - prev.endsAtMs) / 1000;
  if (growth <= tolerance(next.leftSeconds)) {
    return { shown: { ...prev, round: next.round, lower: next.lower }, leftSeconds: shownLeft, grew: null };
  }
  const reason: TimeLeftReason = next.round > prev.round ? 'another-round' : next.upper === null && next.lower > prev.lower ? 'longer-than-guessed' : 'slower-than-planned';
  return { shown: current, leftSeconds: next.leftSeconds, grew: { bySeconds: Math.round(growth), reason } };
}
