import { useId } from 'react';
import type { Parsed } from '../../common/format/interval';

export interface NumberFieldProps {
  /** e.g. "Interval for web1 web2 (seconds)" */
  label: string;
  value: string;
  onChange: (text: string) => void;
  /** Enter in the field: apply this value. */
  onSubmit?: (() => void) | undefined;
  showLabel?: boolean;
  /** Focus the field when it appears (a field opened from a button in its place). */
  autoFocus?: boolean;
}

/**
 * A whole number typed in a text field (inputMode numeric: no spinner that steps past the limits),
 * checked as typed, with the message tied to the field and on its own line.
 */
export function NumberField({ label, value, onChange, onSubmit, showLabel = false, autoFocus = false, check, unit }: NumberFieldProps & { check: (text: string) => Parsed; unit?: string }) {
  const id = useId();
  const parsed = check(value);
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
        autoFocus={autoFocus}
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
      {unit && (
        <span className="unit" aria-hidden="true">
          {unit}
        </span>
      )}
      {!parsed.ok && (
        <span id={messageId} className="field-error" role="alert">
          {parsed.message}
        </span>
      )}
    </span>
  );
}
