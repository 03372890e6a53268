import { useId, useState, type ReactNode } from 'react';
import { ProbeHost } from '../../common/contract/probe';

/** The host a panel logs in to, as typed, and what the main process's schema (ProbeHost) says of it. */
export interface HostTarget {
  value: string;
  set(value: string): void;
  /** The name to send: trimmed; only when `valid`. */
  host: string;
  valid: boolean;
  /** Why it is not a host name ('' typed is no error: there is nothing to say yet). */
  error: string | null;
}

/** `initial`: a Host block's one concrete name (a wildcard block has none: the user names one). */
export function useHostTarget(initial: () => string): HostTarget {
  const [value, set] = useState(initial);
  const host = value.trim();
  const check = ProbeHost.safeParse(host);
  const error = host === '' || check.success ? null : (check.error.issues[0]?.message ?? 'Not a host name');
  return { value, set, host, valid: check.success, error };
}

/**
 * A panel's row of start controls: the host field first, the panel's own controls (`children`:
 * its options and start button), and the host's error on a line of its own under them.
 */
export function HostTargetControls({ label, target, children }: { label: string; target: HostTarget; children: ReactNode }) {
  const fieldId = useId();
  const errorId = useId();
  return (
    <div className="target-controls">
      <label htmlFor={fieldId}>{label}</label>
      <input
        id={fieldId}
        type="text"
        className="target-host"
        value={target.value}
        spellCheck={false}
        autoCapitalize="off"
        placeholder="name.example.com"
        aria-invalid={target.error ? true : undefined}
        aria-describedby={target.error ? errorId : undefined}
        onChange={(e) => target.set(e.target.value)}
      />
      {children}
      {target.error && (
        <p id={errorId} className="field-error">
          {target.error}
        </p>
      )}
    </div>
  );
}
