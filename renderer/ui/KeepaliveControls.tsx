import type { ReactNode } from 'react';
import { IntervalField } from './IntervalField';
import { KeepaliveSwitch } from './KeepaliveSwitch';
import type { IntervalToggle } from './useIntervalToggle';

interface Props {
  toggle: IntervalToggle;
  /** Accessible names: the switch ("Keepalive for db"), the field ("Interval for db (seconds)"), Set. */
  labels: { switch: string; interval: string; set?: string };
  showLabel?: boolean;
  describedBy?: string;
  /** On but not enough: the switch's third state ("Too slow"). */
  warning?: string | undefined;
  disabled?: boolean;
  /** False where the interval can only be chosen while keepalive is off (the system cards). */
  intervalWhileOn?: boolean;
  /** More fields for the same change (ClientAliveCountMax). */
  children?: ReactNode;
}

/** The switch, its interval field and a Set button when the typed interval differs from the file's. */
export function KeepaliveControls({ toggle: t, labels, showLabel = false, describedBy, warning, disabled, intervalWhileOn = true, children }: Props) {
  return (
    <>
      <KeepaliveSwitch label={labels.switch} checked={t.on} warning={warning} describedBy={describedBy} disabled={disabled} onToggle={t.toggle} />
      {(!t.on || intervalWhileOn) && (
        <IntervalField label={labels.interval} value={t.text} onChange={t.setText} onSubmit={t.on ? t.setInterval : t.toggle} showLabel={showLabel} />
      )}
      {!t.on && children}
      {t.changed && intervalWhileOn && (
        <button type="button" className="small" onClick={t.setInterval} aria-label={labels.set}>
          Set
        </button>
      )}
    </>
  );
}
