import type { ConditionalSetting, SystemSetting } from '../../common/contract/system';
import { formatPlace, fullSource } from '../../common/format/source';

const OFF_WHEN_ZERO = new Set(['ServerAliveInterval', 'ClientAliveInterval']);

/** Effective values with the file:line that decides each, and blocks that override them. */
export function SettingsList({ settings, conditional, conditionalLabel }: { settings: SystemSetting[]; conditional: ConditionalSetting[]; conditionalLabel: string }) {
  return (
    <>
      <dl className="all-values system-values">
        {settings.map((s) => (
          <div key={s.keyword} data-keyword={s.keyword}>
            <dt>{s.keyword}</dt>
            <dd>
              <span data-value>{s.value}</span>
              {/* "0" alone reads like a count; for the intervals it means no keepalive at all. */}
              {OFF_WHEN_ZERO.has(s.keyword) && s.value === '0' && <span className="off-note"> (off)</span>}{' '}
              <span className="source" data-source>
                {fullSource(s.source)}
              </span>
            </dd>
          </div>
        ))}
      </dl>
      {conditional.length > 0 && (
        <div className="conditional">
          <p className="hint">{conditionalLabel}</p>
          <ul>
            {conditional.map((c) => (
              <li key={`${c.file}:${c.line}`} data-conditional={c.block}>
                <code>{c.block}</code>: {c.keyword} {c.value} <span className="source">({formatPlace(c.file, c.line)})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
