import type { DiagnosisProgress } from '../../common/contract/diagnosis';
import { formatDuration } from '../../common/format/duration';

/** A running diagnosis: what it does now, for how long yet at most, and the way out. */
export function DiagnosisProgressView({ host, progress: p, onCancel }: { host: string; progress: DiagnosisProgress | null; onCancel: () => void }) {
  const measuring = p?.phase === 'measuring';
  const total = p && p.upToSeconds !== null ? p.elapsedSeconds + p.upToSeconds : null;
  return (
    <div className="diagnosis-progress">
      {/* Indeterminate while logging in (its length is not known); a bar while measuring. */}
      {measuring && total ? <progress value={p.elapsedSeconds} max={total} aria-label={`Diagnosing ${host}`} /> : <progress aria-label={`Diagnosing ${host}`} />}
      <p data-field="phase" aria-live="polite">
        {measuring
          ? `The server's settings could not be read: timing its keepalive on an idle connection (up to ${formatDuration(p.upToSeconds ?? 0)} more).`
          : `Logging in to ${host} and reading the server…`}
      </p>
      {p && (
        <p className="hint" data-field="elapsed">
          {formatDuration(Math.floor(p.elapsedSeconds))} elapsed
        </p>
      )}
      <button type="button" onClick={onCancel}>
        Cancel diagnosis
      </button>
    </div>
  );
}
