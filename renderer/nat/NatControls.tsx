import { useId, useState } from 'react';
import { SPEEDS } from '../../common/nat/clock';
import { formatInterval } from '../../common/format/duration';
import { NetworkField } from '../ui/NetworkField';

interface Props {
  natTimeoutSeconds: number;
  onNatTimeout: (seconds: number) => void;
  playing: boolean;
  speed: number;
  /** The story has ended (Play then replays it). */
  ended: boolean;
  onPlay: () => void;
  onPause: () => void;
  onReplay: () => void;
  onSpeed: (speed: number) => void;
  onStep: () => void;
  onCoffee: () => void;
  onSkip: () => void;
  /** What-if for the servers' sshd: ClientAliveInterval in seconds, 0 = off or unknown. */
  serverInterval: number;
  onServerInterval: (seconds: number) => void;
}

export const SERVER_INTERVALS = [0, 15, 30, 60, 120, 240, 600] as const;

export const STEP_MS = 1_000;
export const SKIP_MS = 10 * 60_000;

/**
 * A compact bar above the picture: play or pause, replay, speed and the network question; the
 * rest (the server's keepalive what-if, your own actions) folds away under "More controls".
 * Native controls: keyboard and screen readers for free.
 */
export function NatControls(p: Props) {
  const id = useId();
  const [more, setMore] = useState(false);

  return (
    <div className="nat-bar">
      <div className="nat-bar-main">
        <div className="nat-control-group nat-playback" role="group" aria-label="Playback">
          {p.playing ? (
            <button type="button" onClick={p.onPause}>
              Pause
            </button>
          ) : p.ended ? null : (
            <button type="button" className="primary" onClick={p.onPlay}>
              Play
            </button>
          )}
          <button type="button" className={p.ended ? 'primary' : undefined} onClick={p.onReplay}>
            Replay
          </button>
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
        </div>
        <NetworkField value={p.natTimeoutSeconds} onChange={p.onNatTimeout} />
        <button type="button" className="link nat-more" aria-expanded={more} aria-controls={`${id}-more`} onClick={() => setMore((m) => !m)}>
          More controls
        </button>
      </div>

      <div id={`${id}-more`} className="nat-bar-more" hidden={!more}>
        <div className="nat-control-group" role="group" aria-label="What you do">
          <button type="button" onClick={p.onCoffee}>
            Go for coffee
          </button>
          <button type="button" onClick={p.onSkip}>
            Skip 10 minutes
          </button>
          <button type="button" onClick={p.onStep} title="Advance one simulated second">
            Step
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
      </div>
    </div>
  );
}
