import type { Cause, FixAction } from '../../common/diagnosis/schema';
import { hostNameForBlock } from '../../common/format/diagnosis';
import { formatDuration, NO_BREAK } from '../../common/format/duration';

/** Who makes the fix, said first in it. */
const WHO: Record<Cause['fix']['by'], string | null> = {
  app: 'This app',
  you: 'You, on the server',
  administrator: "The server's administrator",
  nobody: null,
};

/** The button's words, which also name the change the preview will show. */
export function fixLabel(action: FixAction): string {
  return action.kind === 'client-keepalive' ? `Turn keepalive on for ${hostNameForBlock(action.host)} (every ${action.interval} s)` : `Set the server's ClientAliveInterval to ${action.interval} s`;
}

/** One cause: what ends the session and when, the evidence, whether keepalive helps, and the fix. */
function CauseItem({ cause: c, onFix }: { cause: Cause; onFix: ((action: FixAction) => void) | undefined }) {
  const action = c.fix.action?.kind === 'client-keepalive' ? c.fix.action : null;
  return (
    <li className={c.kills ? 'cause cause-kills' : 'cause'} data-cause={c.id}>
      <p className="cause-summary">{c.summary}</p>
      <dl className="cause-facts">
        {(c.kills || c.afterSeconds !== null) && (
          <div>
            <dt>Acts after</dt>
            <dd data-field="after">{c.afterSeconds !== null ? `${formatDuration(c.afterSeconds, NO_BREAK)} idle` : 'unknown'}</dd>
          </div>
        )}
        <div>
          <dt>Keepalive</dt>
          <dd data-field="keepalive">{c.keepaliveHelps ? 'helps' : 'cannot help'}</dd>
        </div>
        <div className="cause-evidence">
          <dt>Evidence</dt>
          <dd data-field="evidence">
            <code>{c.evidence}</code>
          </dd>
        </div>
        <div className="cause-fix">
          <dt>Fix</dt>
          <dd data-field="fix">
            {WHO[c.fix.by] && <span className="fix-by">{WHO[c.fix.by]}: </span>}
            {c.fix.text}
          </dd>
        </div>
      </dl>
      {action && onFix && (
        <button type="button" className="primary" onClick={() => onFix(action)}>
          {fixLabel(action)}
        </button>
      )}
    </li>
  );
}

/** Every cause a diagnosis found: what ends an idle session here (soonest first), then the rest. */
export function CauseList({ causes, onFix, headingLevel = 4 }: { causes: readonly Cause[]; onFix?: (action: FixAction) => void; headingLevel?: 3 | 4 }) {
  const H = headingLevel === 3 ? 'h3' : 'h4';
  const kill = causes.filter((c) => c.kills);
  const rest = causes.filter((c) => !c.kills);
  return (
    <>
      <H>{kill.length ? 'Ends an idle session here, soonest first' : 'Nothing found that ends an idle interactive session'}</H>
      {kill.length > 0 && (
        <ol className="causes" aria-label="Causes that end an idle session">
          {kill.map((c, i) => (
            <CauseItem key={`${c.id}-${i}`} cause={c} onFix={onFix} />
          ))}
        </ol>
      )}
      {rest.length > 0 && (
        <>
          <H>Also checked</H>
          <ul className="causes causes-other" aria-label="Also checked">
            {rest.map((c, i) => (
              <CauseItem key={`${c.id}-${i}`} cause={c} onFix={onFix} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}
