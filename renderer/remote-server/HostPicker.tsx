import { useId, useState } from 'react';

/** `web*`, `db? bastion`: the names of `names` any of the (space or comma separated) globs matches. */
export function matching(patterns: string, names: readonly string[]): string[] {
  const res = patterns
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i'));
  return names.filter((n) => res.some((re) => re.test(n)));
}

interface Props {
  /** Every host the config names literally (its Host lines without wildcards). */
  names: readonly string[];
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  disabled: boolean;
}

/** Which servers: tick them, or select every name a pattern matches. */
export function HostPicker({ names, selected, onChange, disabled }: Props) {
  const [pattern, setPattern] = useState('');
  const patternId = useId();
  const hits = pattern.trim() ? matching(pattern, names) : [];
  const flip = (name: string) => {
    const next = new Set(selected);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    onChange(next);
  };
  return (
    <div className="host-picker">
      <div className="host-picker-pattern">
        <label htmlFor={patternId}>Select by pattern</label>
        <input id={patternId} type="text" value={pattern} spellCheck={false} autoCapitalize="off" placeholder="web* db?" onChange={(e) => setPattern(e.target.value)} disabled={disabled} />
        <button type="button" className="small" disabled={disabled || hits.length === 0} onClick={() => onChange(new Set([...selected, ...hits]))}>
          Select {hits.length} matching
        </button>
        <button type="button" className="small" disabled={disabled || selected.size === 0} onClick={() => onChange(new Set())}>
          Clear
        </button>
      </div>
      <fieldset className="host-picker-list" disabled={disabled}>
        <legend className="visually-hidden">Servers</legend>
        {names.map((name) => (
          <label key={name} className="checkbox">
            <input type="checkbox" checked={selected.has(name)} onChange={() => flip(name)} /> <code>{name}</code>
          </label>
        ))}
      </fieldset>
    </div>
  );
}
