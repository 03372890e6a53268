import type { ValueSource, Verdict as VerdictData } from '../../common/contract/hosts';
import { NO_BREAK } from '../../common/format/duration';
import { formatSource, fullSource } from '../../common/format/source';
import { verdictText } from '../../common/nat/verdict';

/** One effective value and where it comes from (file:line, or OpenSSH's default). */
export function ValueCell({ field, value, source, configPath }: { field: string; value: string; source: ValueSource; configPath: string }) {
  return (
    <td data-field={field}>
      <span className="value" data-value>
        {value}
      </span>
      <span className="source" data-source title={fullSource(source)}>
        {formatSource(source, configPath)}
      </span>
    </td>
  );
}

/** Protected or not, and why; a number and its unit stay on one line ("60 s", not "60" then "s" in a narrow column). */
export function Verdict({ verdict, note }: { verdict: VerdictData; note?: string | undefined }) {
  return (
    <>
      <span className={verdict.protected ? 'verdict verdict-ok' : 'verdict verdict-bad'}>
        <span aria-hidden="true">{verdict.protected ? '✓ ' : '! '}</span>
        {verdict.facts ? verdictText(verdict.facts, NO_BREAK) : verdict.text}
      </span>
      {note && <span className="note">{note.charAt(0).toUpperCase() + note.slice(1)}</span>}
    </>
  );
}
