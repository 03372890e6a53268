import { useId } from 'react';
import { SPEEDS } from '../../common/nat/clock';
import { formatInterval } from '../../common/format/duration';
import { NetworkField } from '../ui/NetworkField';

interface Props {
  natTimeoutSeconds: number;
  onNatTimeout: (seconds: number) => void;
  playing: boolean;
  speed: number;
  onPlay: () => void;
  onPause: () => void;
  onSpeed: (speed: number) => void;
  onStep: () => void;
  onRestart: () => void;
  onCoffee: () => void;
  onSkip: () => void;
  /** What-if for the servers' sshd: ClientAliveInterval in seconds, 0 = off or unknown. */
  serverInterval: number;
  onServerInterval: (seconds: number) => void;
}

export const SERVER_INTERVALS = [0, 15, 30, 60, 120, 240, 600] as const;

export const STEP_MS = 1_000;
export const SKIP_MS = 10 * 60_000;

/** NAT preset, playback and the user's actions. Native controls: keyboard and screen readers for free. */
export function NatControls(p: Props) {
  const id = useId();

  return (
    <div className="nat-controls">
      <NetworkField value={p.natTimeoutSeconds} onChange={p.onNatTimeout} />

      <div className="nat-control-group nat-playback" role="group" aria-label="Playback">
        {p.playing ? (
          <button type="button" onClick={p.onPause}>
            Pause
          </button>
        ) : (
          <button type="button" className="primary" onClick={p.onPlay}>
            Play
          </button>
        )}
        <label htmlFor={`${id}-speed`} className="field-label">
          Speed
        </label>
        <select id={`${id}-speed`} value={p.speed} onChange={(e) => p.onSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}x
            </option>
          ))}
        </select>
        <button type="button" onClick={p.onStep} title="Advance one simulated second">
          Step
        </button>
        <button type="button" onClick={p.onRestart}>
          Restart
        </button>
      </div>

      <div className="nat-control-group">
        <label htmlFor={`${id}-server`} className="field-label">
          Servers' ClientAliveInterval
        </label>
        <select id={`${id}-server`} value={p.serverInterval} aria-describedby={`${id}-server-hint`} onChange={(e) => p.onServerInterval(Number(e.target.value))}>
          {SERVER_INTERVALS.map((s) => (
            <option key={s} value={s}>
              {s === 0 ? 'off or unknown' : formatInterval(s)}
            </option>
          ))}
        </select>
        <span id={`${id}-server-hint`} className="hint">
          Set in each server's sshd_config; this computer cannot see it. Try a value to watch the server's keepalive.
        </span>
      </div>

      <div className="nat-control-group" role="group" aria-label="What you do">
        <button type="button" onClick={p.onCoffee}>
          Go for coffee
        </button>
        <button type="button" onClick={p.onSkip}>
          Skip 10 minutes
        </button>
      </div>
    </div>
  );
}
