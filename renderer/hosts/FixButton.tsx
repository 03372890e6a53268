import type { Verdict } from '../../common/contract/hosts';
import { formatInterval } from '../../common/format/duration';

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
  return (
    <button type="button" className="small fix" onClick={onFix} aria-label={`${text} for ${subject}`}>
      {text}
    </button>
  );
}
