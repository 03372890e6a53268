import type { AppErrorData } from '../../common/contract/errors';
import type { ProbeState } from '../../common/contract/probe';
import { formatDuration, formatInterval } from '../../common/format/duration';
import { describeError } from '../../common/format/error';
import { useNatTimeout } from '../ui/useNatTimeout';
import { failureAdvice, measuredNatTimeout } from './advice';
import { formatClock } from './format';

interface Props {
  state: ProbeState | null;
  /** A failure to start or to reach the app. */
  error: AppErrorData | null;
  /** The row's own action: apply the recommended interval to this Host block (absent in the status chip). */
  apply?: { pattern: string; onApply: (interval: number) => void } | undefined;
}

/** How a measurement ended: the bound and what to do with it, a cancel, or why ssh could not connect and what to try. */
export function ProbeOutcome({ state: s, error, apply }: Props) {
  const failed = error ?? (s?.status === 'failed' ? s.error : null);
  return (
    <div aria-live="polite">
      {s?.status === 'done' && s.result && <ProbeResultView state={s} apply={apply} />}
      {s?.status === 'cancelled' && <p className="note">Measurement cancelled after {formatClock(s.elapsedSeconds)}. Every connection was closed.</p>}
      {failed && <ProbeFailure error={failed} state={s} />}
    </div>
  );
}

function ProbeResultView({ state: s, apply }: { state: ProbeState; apply: Props['apply'] }) {
  const r = s.result!;
  const [natTimeout, setNatTimeout] = useNatTimeout();
  const measured = measuredNatTimeout(s);
  return (
    <div className="result-card" role="status">
      <p data-field="result" data-lower={r.lowerSeconds} data-upper={r.upperSeconds ?? ''}>
        {r.text}
        {!r.complete && ' The time limit stopped the measurement before the range was narrow.'}
      </p>
      <p>
        Recommended keepalive: every <strong data-field="recommended">{formatInterval(r.recommendedInterval)}</strong>
      </p>
      <div className="probe-actions">
        {apply && (
          <button type="button" className="primary" onClick={() => apply.onApply(r.recommendedInterval)}>
            Use {formatInterval(r.recommendedInterval)} for {apply.pattern}
          </button>
        )}
        {measured !== null &&
          (natTimeout === measured ? (
            <span className="hint" data-field="nat-timeout-set">
              {formatDuration(measured)} is your NAT timeout: every verdict uses it.
            </span>
          ) : (
            <button type="button" onClick={() => setNatTimeout(measured)}>
              Use {measured} s as my NAT timeout
            </button>
          ))}
      </div>
    </div>
  );
}

function ProbeFailure({ error, state: s }: { error: AppErrorData; state: ProbeState | null }) {
  const advice = s ? failureAdvice(s.sshFailure, s.host) : null;
  return (
    <div className="error probe-failure" role="alert">
      {advice ? (
        <>
          <p>
            <strong>Could not measure: {advice.lead}</strong>
          </p>
          <p>
            {advice.step} <code className="probe-command">{advice.command}</code>
          </p>
          <p className="hint">ssh said: {describeError(error)}</p>
        </>
      ) : (
        <p>Could not measure: {describeError(error)}</p>
      )}
    </div>
  );
}
