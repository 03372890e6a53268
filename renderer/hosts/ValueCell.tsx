import type { ValueSource } from '../../common/contract/hosts';
import { formatSource, fullSource } from './format';

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

export function Verdict({ text, isProtected, note }: { text: string; isProtected: boolean; note?: string | undefined }) {
  return (
    <>
      <span className={isProtected ? 'verdict verdict-ok' : 'verdict verdict-bad'}>
        <span aria-hidden="true">{isProtected ? '✓ ' : '! '}</span>
        {/* A number and its unit stay on one line ("60 s", not "60" then "s" in a narrow column). */}
        {text.replace(/(\d) (s|min|h)\b/g, '$1\u00a0$2')}
      </span>
      {note && <span className="note">{note.charAt(0).toUpperCase() + note.slice(1)}</span>}
    </>
  );
}
