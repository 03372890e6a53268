import type { Verdict } from '../../common/contract/hosts';
import { formatInterval } from '../../common/format/duration';
import './fix.css';

/**
 * A red verdict always comes with its fix: "Keep alive every 60 s", through the one change flow
 * (preview with the diff first). Next to it, the switch is never a plain green "On".
 */

/** The switch's third state for a host whose keepalive is on but does not keep it connected. */
export function switchWarning(on: boolean, verdict: Verdict): string | undefined {
  if (!on || verdict.protected) return undefined;
  return verdict.facts?.kind === 'too-slow' ? 'Too slow' : 'Not enough';
}

export function FixButton({ subject, interval, onFix }: { subject: string; interval: number; onFix: () => void }) {
  const text = `Keep alive every ${formatInterval(interval)}`;
  // In a narrow window the row keeps "Fix" and gives the outcome the room (the name and the tooltip
  // say what it does, and contain both visible texts).
  const name = `Fix: ${text.charAt(0).toLowerCase()}${text.slice(1)} for ${subject}`;
  return (
    <button type="button" className="small fix" onClick={onFix} aria-label={name} title={name}>
      <span className="fix-long">{text}</span>
      <span className="fix-short" aria-hidden="true">
        Fix
      </span>
    </button>
  );
}
