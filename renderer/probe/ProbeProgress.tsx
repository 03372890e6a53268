import type { ProbeState } from '../../common/contract/probe';
import { timeLeftNote } from './advice';
import { CancelMeasurement } from './CancelMeasurement';
import { formatBound, formatClock } from './format';

/** A running measurement: how far it is, the bound so far, the time left (about, and why it grew), and the way out. */
export function ProbeProgress({ state: s, onCancel, inChip = false }: { state: ProbeState; onCancel: () => void; inChip?: boolean }) {
  const fraction = s.elapsedSeconds / Math.max(1, s.elapsedSeconds + s.timeLeftSeconds);
  const grew = timeLeftNote(s);
  return (
    <div className="probe-progress">
      <progress value={fraction} max={1} aria-label={`Measuring ${s.host}`} />
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
      {grew && (
        <p className="hint" data-field="time-left-grew">
          {grew}
        </p>
      )}
      <p className="visually-hidden" aria-live="polite">
        {s.round > 0 ? `Round ${s.round}: idle timeout ${formatBound(s.lowerSeconds, s.upperSeconds)}` : 'Connecting'}
      </p>
      {!inChip && <p className="hint">It goes on while you use the rest of the app; the chip at the top shows how far it is.</p>}
      <CancelMeasurement state={s} onCancel={onCancel} />
    </div>
  );
}
