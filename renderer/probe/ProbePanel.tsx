import { useId, useState } from 'react';
import type { HostRow } from '../../common/contract/hosts';
import { PROBE_DEFAULT_CONNECTIONS, PROBE_DEFAULT_MAX_IDLE } from '../../common/contract/probe';
import { HostTargetControls, useHostTarget } from '../ui/HostTargetControls';
import { concreteHost, MAX_IDLE_CHOICES } from './format';
import { ProbeOutcome } from './ProbeOutcome';
import { ProbeProgress } from './ProbeProgress';
import { useProbeTask } from './ProbeTask';
import './probe.css';

export interface ProbePanelProps {
  host: HostRow;
  onApply: (interval: number) => void;
}

/**
 * "Measure my network": how long does the path to this host keep an idle SSH connection?
 * The measurement is the app's background task (ProbeTask): this panel starts it and shows it,
 * and shows it again when reopened; closing the panel or switching tabs does not stop it.
 */
export function ProbePanel({ host, onApply }: ProbePanelProps) {
  const probe = useProbeTask();
  const [maxIdle, setMaxIdle] = useState<number>(PROBE_DEFAULT_MAX_IDLE);
  // A block for many hosts (wildcards) has no one host to connect to: the user names one.
  const target = useHostTarget(() => concreteHost(host.pattern));
  const headingId = useId();
  const selectId = useId();
  const mine = probe.origin?.pattern === host.pattern;
  const s = mine ? probe.state : null;
  const running = probe.state?.status === 'running';

  return (
    <section className="probe-panel" aria-labelledby={headingId}>
      <h3 id={headingId}>Measure the network to {host.pattern}</h3>
      <p className="hint">
        Opens up to {PROBE_DEFAULT_CONNECTIONS} SSH connections with keepalive off, lets each stay idle for a different time and
        checks which still answer. Your key or agent must log in without a prompt; it takes up to 35 minutes, and runs on while you use the rest of the app.
      </p>
      {running && !mine && probe.state && (
        <p className="note">
          The app is measuring {probe.state.host} now (the chip at the top shows it). One measurement runs at a time: this one can start when it ends.
        </p>
      )}
      {!running && (
        <HostTargetControls label="Host to connect to" target={target}>
          <label htmlFor={selectId}>Longest idle to try</label>
          <select id={selectId} value={maxIdle} onChange={(e) => setMaxIdle(Number(e.target.value))}>
            {MAX_IDLE_CHOICES.map((c) => (
              <option key={c.seconds} value={c.seconds}>
                {c.label}
              </option>
            ))}
          </select>
          <button type="button" className="primary" disabled={probe.starting || !target.valid} onClick={() => probe.start(target.host, maxIdle, { pattern: host.pattern })}>
            {s ? 'Measure again' : 'Measure'}
          </button>
        </HostTargetControls>
      )}

      {running && s && <ProbeProgress state={s} onCancel={probe.cancel} />}
      <ProbeOutcome state={s} error={mine || !probe.state ? probe.error : null} apply={{ pattern: host.pattern, onApply }} />
    </section>
  );
}
