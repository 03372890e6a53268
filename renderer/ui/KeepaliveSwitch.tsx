interface Props {
  /** The accessible name, e.g. "Keepalive for web1 web2". */
  label: string;
  checked: boolean;
  disabled?: boolean;
  describedBy?: string;
  onToggle: () => void;
}

/** A button with role=switch: Space and Enter toggle it, screen readers announce on/off. */
export function KeepaliveSwitch({ label, checked, disabled, describedBy, onToggle }: Props) {
  return (
    <button
      type="button"
      role="switch"
      className="switch"
      aria-checked={checked}
      aria-label={label}
      aria-describedby={describedBy}
      disabled={disabled}
      onClick={onToggle}
    >
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      <span className="switch-text" aria-hidden="true">
        {checked ? 'On' : 'Off'}
      </span>
    </button>
  );
}
