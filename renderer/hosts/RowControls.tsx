import { useEffect, useRef, useState } from 'react';
import { IntervalField } from '../ui/IntervalField';
import { KeepaliveSwitch } from '../ui/KeepaliveSwitch';
import type { IntervalToggle } from '../ui/useIntervalToggle';

interface Props {
  toggle: IntervalToggle;
  pattern: string;
  describedBy: string;
  /** The switch's third state (on but too slow). */
  warning?: string | undefined;
}

/**
 * A row's switch and interval. The interval is a small button ("60 s") that becomes the field when
 * chosen: a text field in every one of the rows a window renders made scrolling 10,000 hosts drop
 * frames (a field is the costliest element of a row). Enter applies, Escape puts the file's value
 * back; an invalid or changed value keeps the field open with its message and Set.
 */
export function RowControls({ toggle: t, pattern, describedBy, warning }: Props) {
  const [editing, setEditing] = useState(false);
  const chip = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  const open = editing || !t.parsed.ok || t.changed;
  useEffect(() => {
    if (!open && refocus.current) {
      refocus.current = false;
      chip.current?.focus();
    }
  }, [open]);
  const close = () => {
    refocus.current = true;
    t.setText(null);
    setEditing(false);
  };

  return (
    <>
      <KeepaliveSwitch label={`Keepalive for ${pattern}`} checked={t.on} warning={warning} describedBy={describedBy} onToggle={t.toggle} />
      {open ? (
        <span
          className="row-interval"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              close();
            }
          }}
          onBlur={(e) => {
            // Left without a change: back to the button.
            if (!e.currentTarget.contains(e.relatedTarget as Node | null) && t.parsed.ok && !t.changed) setEditing(false);
          }}
        >
          <IntervalField label={`Interval for ${pattern} (seconds)`} value={t.text} onChange={t.setText} onSubmit={t.on ? t.setInterval : t.toggle} autoFocus={editing} />
          {t.changed && (
            <button type="button" className="small" onClick={t.setInterval} aria-label={`Set interval for ${pattern}`}>
              Set
            </button>
          )}
        </span>
      ) : (
        <button ref={chip} type="button" className="interval-chip" aria-label={`Interval for ${pattern}: ${t.text} s, change`} onClick={() => setEditing(true)}>
          {t.text} s
        </button>
      )}
    </>
  );
}
