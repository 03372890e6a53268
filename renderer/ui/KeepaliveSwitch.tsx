interface Props {
  /** The accessible name, e.g. "Keepalive for web1 web2". */
  label: string;
  checked: boolean;
  /**
   * On, but not enough (a red verdict): the third state, shown instead of a green "On" ("Too
   * slow") and said in the accessible name ("Keepalive for db: on, too slow").
   */
  warning?: string | undefined;
  disabled?: boolean;
  describedBy?: string;
  onToggle: () => void;
}

/** A button with role=switch: Space and Enter toggle it, screen readers announce on/off (and "too slow"). */
export function KeepaliveSwitch({ label, checked, warning, disabled, describedBy, onToggle }: Props) {
  const warn = checked && warning ? warning : undefined;
  return (
    <button
      type="button"
      role="switch"
      className={warn ? 'switch switch-warn' : 'switch'}
      aria-checked={checked}
      aria-label={warn ? `${label}: on, ${warn.toLowerCase()}` : label}
      aria-describedby={describedBy}
      disabled={disabled}
      onClick={onToggle}
    >
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      <span className="switch-text" aria-hidden="true">
        {warn ?? (checked ? 'On' : 'Off')}
      </span>
    </button>
  );
}
