import type { BlockedReason } from '../../common/contract/keepalive';
import { fullSource } from '../../common/format/source';
import type { ChangePreview } from './change';

const LEAD: Record<BlockedReason, string> = {
  'decided-earlier': 'This edit alone would change nothing.',
  'never-applies': 'This edit alone would change nothing.',
  'runtime-condition': 'This edit may change nothing, and the app cannot check it.',
};

type Blocked = Extract<ChangePreview, { kind: 'blocked' }>;

/** Why the edit asked for would do nothing, what decides instead, and the edits that would work. */
export function BlockedChoices({ view, choice, onChoose }: { view: Blocked; choice: string | undefined; onChoose: (id: string) => void }) {
  return (
    <div className="blocked">
      <p className="blocked-why">
        <strong>{LEAD[view.reason]}</strong> {view.summary}
      </p>
      {view.decidedBy.kind === 'line' && (
        <p>
          Decided by: <code>{fullSource(view.decidedBy)}</code>
        </p>
      )}
      {view.choices.length === 0 ? (
        <p>No edit of this config can change the value for this host.</p>
      ) : (
        <fieldset className="alternatives">
          <legend>Choose the edit that works</legend>
          {view.choices.map((alt) => (
            <label key={alt.id} className="alternative">
              <input type="radio" name="alternative" value={alt.id} checked={choice === alt.id} onChange={() => onChoose(alt.id)} />
              <span>{alt.label}</span>
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}
