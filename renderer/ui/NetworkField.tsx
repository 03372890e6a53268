import { useEffect, useId, useState } from 'react';
import { formatDuration } from '../../common/format/duration';
import { MAX_NAT_TIMEOUT, parseNatTimeout } from '../../common/format/interval';
import { CUSTOM_PRESET_ID, NAT_PRESETS, natPresetById, presetFor, type NatPreset } from '../../common/nat/presets';

/** Which preset was chosen (two share 4 min): remembered beside the timeout itself (useNatTimeout). */
const CHOICE_KEY = 'ssh-keepalive-network';

const GROUPS: readonly { group: NatPreset['group']; label: string }[] = [
  { group: 'network', label: 'Where you are' },
  { group: 'cloud', label: 'In front of your servers' },
  { group: 'standard', label: 'Other' },
];

function rememberedPreset(seconds: number): NatPreset | undefined {
  const chosen = natPresetById(window.localStorage.getItem(CHOICE_KEY) ?? '');
  return chosen?.seconds === seconds ? chosen : presetFor(seconds);
}

/**
 * The network question, asked in words: "Where do you connect from?" (home router, mobile data,
 * guest Wi-Fi, an office firewall, a cloud load balancer or NAT), each with its idle timeout and
 * where that number comes from, or the user's own number of seconds. The one control for the NAT
 * timeout in every view; `value`/`onChange` are useNatTimeout's.
 */
export function NetworkField({ value, onChange }: { value: number; onChange: (seconds: number) => void }) {
  const id = useId();
  const [custom, setCustom] = useState(false);
  const [text, setText] = useState(String(value));
  // Chosen elsewhere (the other view, a measurement's result): show it.
  useEffect(() => setText((t) => (parseNatTimeout(t).ok && Number(t.trim()) === value ? t : String(value))), [value]);
  const preset = custom ? undefined : rememberedPreset(value);
  const parsed = parseNatTimeout(text);
  const showCustom = preset === undefined;
  const hint = preset ? preset.source : parsed.ok ? `A network that forgets idle connections after ${formatDuration(parsed.value)} (your own value, 1 to ${MAX_NAT_TIMEOUT} s).` : parsed.message;

  return (
    <div className="network-field">
      <label htmlFor={`${id}-where`} className="field-label">
        Where do you connect from?
      </label>
      <select
        id={`${id}-where`}
        value={preset?.id ?? CUSTOM_PRESET_ID}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          const next = natPresetById(e.target.value);
          if (!next) return setCustom(true);
          window.localStorage.setItem(CHOICE_KEY, next.id);
          setCustom(false);
          setText(String(next.seconds));
          onChange(next.seconds);
        }}
      >
        {GROUPS.map(({ group, label }) => (
          <optgroup key={group} label={label}>
            {NAT_PRESETS.filter((p) => p.group === group).map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}: {formatDuration(p.seconds)}
              </option>
            ))}
            {group === 'standard' && <option value={CUSTOM_PRESET_ID}>My own number of seconds…</option>}
          </optgroup>
        ))}
      </select>
      {showCustom && (
        <span className="network-custom">
          <label htmlFor={`${id}-seconds`} className="visually-hidden">
            NAT idle timeout (seconds)
          </label>
          <input
            id={`${id}-seconds`}
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
          <span className="unit" aria-hidden="true">
            s
          </span>
        </span>
      )}
      <span id={`${id}-hint`} className={parsed.ok || !showCustom ? 'hint' : 'field-error'}>
        {hint}
      </span>
    </div>
  );
}
