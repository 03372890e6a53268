import { useId, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { HostRow } from '../../common/contract/hosts';
import { PROBE_DEFAULT_CONNECTIONS, PROBE_DEFAULT_MAX_IDLE, ProbeHost } from '../../common/contract/probe';
import { formatInterval } from '../../common/format/duration';
import { describeError } from '../../common/format/error';
import { concreteHost, formatClock, MAX_IDLE_CHOICES } from './format';
import { ProbeProgress } from './ProbeProgress';
import { useProbe } from './useProbe';
import './probe.css';

export interface ProbePanelProps {
  api: KeepaliveApi;
  host: HostRow;
  onApply: (interval: number) => void;
}

/**
 * "Measure my network": how long does the path to this host keep an idle SSH connection?
 * Shows the run as it narrows the bound (elapsed, bound so far, time left; cancellable), then the
 * result and a recommended interval the user can apply with one click.
 */
export function ProbePanel({ api, host, onApply }: ProbePanelProps) {
  const probe = useProbe(api);
  const [maxIdle, setMaxIdle] = useState<number>(PROBE_DEFAULT_MAX_IDLE);
  // A block for many hosts (wildcards) has no one host to connect to: the user names one.
  const [target, setTarget] = useState(() => concreteHost(host.pattern));
  const headingId = useId();
  const selectId = useId();
  const targetId = useId();
  const targetErrorId = useId();
  const s = probe.state;
  const running = s?.status === 'running';
  const targetCheck = ProbeHost.safeParse(target.trim());
  const targetError = target.trim() === '' ? null : targetCheck.success ? null : targetCheck.error.issues[0]?.message ?? 'Not a host name';

  return (
    <section className="probe-panel" aria-labelledby={headingId}>
      <h3 id={headingId}>Measure the network to {host.pattern}</h3>
      <p className="hint">
        Opens up to {PROBE_DEFAULT_CONNECTIONS} SSH connections with keepalive off, lets each stay idle for a different time and
        checks which still answer. Your key or agent must log in without a prompt; it takes up to 35 minutes.
      </p>
      {!running && (
        <div className="probe-controls">
          <label htmlFor={targetId}>Host to connect to</label>
          <input
            id={targetId}
            type="text"
            className="probe-target"
            value={target}
            spellCheck={false}
            autoCapitalize="off"
            placeholder="name.example.com"
            aria-invalid={targetError ? true : undefined}
            aria-describedby={targetError ? targetErrorId : undefined}
            onChange={(e) => setTarget(e.target.value)}
          />
          <label htmlFor={selectId}>Longest idle to try</label>
          <select id={selectId} value={maxIdle} onChange={(e) => setMaxIdle(Number(e.target.value))}>
            {MAX_IDLE_CHOICES.map((c) => (
              <option key={c.seconds} value={c.seconds}>
                {c.label}
              </option>
            ))}
          </select>
          <button type="button" className="primary" disabled={probe.starting || !targetCheck.success} onClick={() => probe.start(target.trim(), maxIdle)}>
            {s ? 'Measure again' : 'Measure'}
          </button>
          {targetError && (
            <p id={targetErrorId} className="field-error">
              {targetError}
            </p>
          )}
        </div>
      )}

      {running && s && <ProbeProgress state={s} pattern={host.pattern} onCancel={probe.cancel} />}

      <div aria-live="polite">
        {s?.status === 'done' && s.result && (
          <div className="probe-result" role="status">
            <p data-field="result">
              {s.result.text}
              {!s.result.complete && ' The time limit stopped the measurement before the range was narrow.'}
            </p>
            <p>
              Recommended keepalive: every <strong data-field="recommended">{formatInterval(s.result.recommendedInterval)}</strong>
            </p>
            <button type="button" className="primary" onClick={() => onApply(s.result!.recommendedInterval)}>
              Use {formatInterval(s.result.recommendedInterval)} for {host.pattern}
            </button>
          </div>
        )}
        {s?.status === 'cancelled' && <p className="note">Measurement cancelled after {formatClock(s.elapsedSeconds)}. Every connection was closed.</p>}
      </div>
      {(probe.error ?? (s?.status === 'failed' ? s.error : null)) && (
        <p className="error" role="alert">
          Could not measure: {describeError((probe.error ?? s?.error)!)}
        </p>
      )}
    </section>
  );
}

