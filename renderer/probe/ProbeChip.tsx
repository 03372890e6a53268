import { useEffect, useId, useRef, useState } from 'react';
import type { ProbeState } from '../../common/contract/probe';
import { formatDuration } from '../../common/format/duration';
import { formatBound, formatClock } from './format';
import { ProbeOutcome } from './ProbeOutcome';
import { ProbeProgress } from './ProbeProgress';
import { useProbeTask } from './ProbeTask';
import './probe.css';

function chipText(s: ProbeState): string {
  switch (s.status) {
    case 'running':
      return `Measuring ${s.host} · about ${formatClock(s.timeLeftSeconds)} left`;
    case 'done':
      return s.result && s.result.upperSeconds !== null
        ? `${s.host}: forgets idle connections after ${formatBound(s.result.lowerSeconds, s.result.upperSeconds).replace(/^between /, '')}`
        : `${s.host}: no idle timeout within ${formatDuration(s.maxIdleSeconds)}`;
    case 'failed':
      return `Measuring ${s.host} failed`;
    case 'cancelled':
      return `Measurement of ${s.host} cancelled`;
  }
}

/**
 * The measurement's status chip in the app's header, like a browser's download indicator: it shows
 * the task from any tab, opens its progress (with the way to cancel) or its outcome, and is
 * dismissed once the user has seen how it ended.
 */
export function ProbeChip() {
  const probe = useProbeTask();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const wrap = useRef<HTMLDivElement>(null);
  const s = probe.state;

  // Escape or a click elsewhere closes the panel (not while a dialog of its own is open).
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('dialog[open]')) setOpen(false);
    };
    const onClick = (e: MouseEvent) => {
      if (!document.querySelector('dialog[open]') && wrap.current && !wrap.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  if (!s) return null;
  const running = s.status === 'running';
  return (
    <div className="probe-chip-wrap" ref={wrap}>
      <button type="button" className={`probe-chip probe-chip-${s.status}`} aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
        <span className="probe-chip-dot" aria-hidden="true" />
        {chipText(s)}
      </button>
      {open && (
        <div id={panelId} className="probe-chip-panel card" role="region" aria-label={`Measurement of ${s.host}`}>
          <h2 className="probe-chip-title">{running ? `Measuring the network to ${s.host}` : `Measurement of ${s.host}`}</h2>
          {running ? <ProbeProgress state={s} onCancel={probe.cancel} inChip /> : <ProbeOutcome state={s} error={probe.error} />}
          {!running && (
            <button
              type="button"
              className="small"
              onClick={() => {
                setOpen(false);
                probe.dismiss();
              }}
            >
              Dismiss
            </button>
          )}
        </div>
      )}
    </div>
  );
}
