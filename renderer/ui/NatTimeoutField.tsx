import { useEffect, useId, useState } from 'react';
import { formatDuration } from '../../common/format/duration';
import { parseNatTimeout } from '../../common/format/interval';

/** The NAT idle timeout the verdicts are computed against (a cable modem's 300 s by default). */
export function NatTimeoutField({ value, onChange }: { value: number; onChange: (seconds: number) => void }) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const parsed = parseNatTimeout(text);
  // Chosen elsewhere (the NAT view, a measurement's result): show the new value.
  useEffect(() => setText((t) => (parseNatTimeout(t).ok && Number(t.trim()) === value ? t : String(value))), [value]);
  return (
    <div className="nat-field">
      <label htmlFor={id} className="field-label">
        NAT idle timeout (seconds)
      </label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        className="interval-input"
        value={text}
        aria-invalid={!parsed.ok}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          setText(e.target.value);
          const next = parseNatTimeout(e.target.value);
          if (next.ok) onChange(next.value);
        }}
      />
      <span id={`${id}-hint`} className={parsed.ok ? 'hint' : 'field-error'}>
        {parsed.ok ? `A router that forgets idle connections after ${formatDuration(parsed.value)}.` : parsed.message}
      </span>
    </div>
  );
}
