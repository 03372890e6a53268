import { useId } from 'react';
import { parseInterval } from '../../common/format/interval';

interface Props {
  /** e.g. "Interval for web1 web2 (seconds)" */
  label: string;
  value: string;
  onChange: (text: string) => void;
  /** Enter in the field: apply this interval. */
  onSubmit?: () => void;
  showLabel?: boolean;
}

/** Seconds between keepalive probes, checked as typed (1..86400) with a message tied to the field. */
export function IntervalField({ label, value, onChange, onSubmit, showLabel = false }: Props) {
  const id = useId();
  const parsed = parseInterval(value);
  const messageId = `${id}-message`;
  return (
    <span className="interval-field">
      <label htmlFor={id} className={showLabel ? 'field-label' : 'visually-hidden'}>
        {label}
      </label>
      <input
        id={id}
        className="interval-input"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        value={value}
        aria-invalid={!parsed.ok}
        aria-describedby={parsed.ok ? undefined : messageId}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && onSubmit) {
            e.preventDefault();
            onSubmit();
          }
        }}
      />
      <span className="unit" aria-hidden="true">
        s
      </span>
      {!parsed.ok && (
        <span id={messageId} className="field-error" role="alert">
          {parsed.message}
        </span>
      )}
    </span>
  );
}
