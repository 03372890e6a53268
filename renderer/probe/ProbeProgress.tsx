import type { ProbeState } from '../../common/contract/probe';
import { formatBound, formatClock } from './format';

/** A running measurement: how far it is, the bound so far, the time left (about), and the way out. */
export function ProbeProgress({ state: s, pattern, onCancel }: { state: ProbeState; pattern: string; onCancel: () => void }) {
  const fraction = s.elapsedSeconds / Math.max(1, s.elapsedSeconds + s.timeLeftSeconds);
  return (
    <div className="probe-progress">
      <progress value={fraction} max={1} aria-label={`Measuring ${pattern}`} />
      <dl className="probe-figures">
        <div>
          <dt>Elapsed</dt>
          <dd data-field="elapsed">{formatClock(s.elapsedSeconds)}</dd>
        </div>
        <div>
          <dt>Idle timeout so far</dt>
          <dd data-field="bound">{formatBound(s.lowerSeconds, s.upperSeconds)}</dd>
        </div>
        <div>
          <dt>Time left (about)</dt>
          <dd data-field="time-left">{formatClock(s.timeLeftSeconds)}</dd>
        </div>
      </dl>
      <p className="visually-hidden" aria-live="polite">
        {s.round > 0 ? `Round ${s.round}: idle timeout ${formatBound(s.lowerSeconds, s.upperSeconds)}` : 'Connecting'}
      </p>
      <button type="button" onClick={onCancel}>
        Cancel measurement
      </button>
    </div>
  );
}
