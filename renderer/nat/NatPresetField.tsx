import { useId, useState } from 'react';
import { formatDuration } from '../../common/format/duration';
import { MAX_NAT_TIMEOUT, parseNatTimeout } from '../../common/format/interval';
import { CUSTOM_PRESET_ID, NAT_PRESETS, presetFor } from '../../common/nat/presets';

/** The NAT idle timeout: a known router (with where its value comes from), or the user's own number of seconds. */
export function NatPresetField({ seconds, onChange }: { seconds: number; onChange: (seconds: number) => void }) {
  const id = useId();
  const preset = presetFor(seconds);
  const [custom, setCustom] = useState(preset === undefined);
  const [text, setText] = useState(String(seconds));
  const selected = custom ? CUSTOM_PRESET_ID : (preset?.id ?? CUSTOM_PRESET_ID);
  const parsed = parseNatTimeout(text);
  const source = custom ? `Your own value, 1 to ${MAX_NAT_TIMEOUT} seconds.` : preset?.source;
  return (
    <div className="nat-control-group">
      <label htmlFor={`${id}-preset`} className="field-label">
        NAT idle timeout
      </label>
      <select
        id={`${id}-preset`}
        value={selected}
        aria-describedby={`${id}-source`}
        onChange={(e) => {
          const next = NAT_PRESETS.find((x) => x.id === e.target.value);
          if (next) {
            setCustom(false);
            setText(String(next.seconds));
            onChange(next.seconds);
          } else {
            setCustom(true);
          }
        }}
      >
        {NAT_PRESETS.map((x) => (
          <option key={x.id} value={x.id}>
            {x.label}: {formatDuration(x.seconds)} ({x.seconds} s)
          </option>
        ))}
        <option value={CUSTOM_PRESET_ID}>Custom…</option>
      </select>
      {custom && (
        <span className="nat-custom">
          <label htmlFor={`${id}-custom`} className="visually-hidden">
            Custom NAT idle timeout in seconds
          </label>
          <input
            id={`${id}-custom`}
            type="text"
            inputMode="numeric"
            className="interval-input"
            value={text}
            aria-invalid={!parsed.ok}
            onChange={(e) => {
              setText(e.target.value);
              const next = parseNatTimeout(e.target.value);
              if (next.ok) onChange(next.value);
            }}
          />
          <span className="unit">s</span>
        </span>
      )}
      <span id={`${id}-source`} className={custom && !parsed.ok ? 'field-error' : 'hint'}>
        {custom && !parsed.ok ? parsed.message : source}
      </span>
    </div>
  );
}
