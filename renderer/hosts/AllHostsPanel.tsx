import { useId } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { ConfigSnapshot } from '../../common/contract/hosts';
import type { KeepaliveIntent } from '../../common/contract/keepalive';
import { FileRef } from '../ui/FileRef';
import { KeepaliveControls } from '../ui/KeepaliveControls';
import { switchTitle, useIntervalToggle } from '../ui/useIntervalToggle';
import { FixButton, switchWarning } from './FixButton';
import { hostStatus, keepaliveOutcome, keywordsLine, keywordsTitle, STATUS_TEXT } from './describe';

interface Props {
  api: KeepaliveApi;
  snapshot: ConfigSnapshot;
  configPath: string;
  onChange: (intent: KeepaliveIntent, title: string) => void;
  /** The interval of the fix a red verdict offers. */
  fixInterval: number;
}

const TARGET = { kind: 'all' } as const;

/** The `Host *` switch: what every host gets unless an earlier block decides otherwise. The list shows no `Host *` row: it is here. */
export function AllHostsPanel({ api, snapshot, configPath, onChange, fixInterval }: Props) {
  const all = snapshot.allHosts;
  const toggle = useIntervalToggle(all.keepaliveOn, all.values.serverAliveInterval.value, 'all hosts', (change, title) => onChange({ configPath, target: TARGET, ...change }, title));
  const headingId = useId();
  const outcomeId = useId();
  const status = hostStatus({ decided: true, verdict: all.verdict });

  return (
    <section className="card all-hosts" aria-labelledby={headingId} data-host="*">
      <div className="all-hosts-line">
        <span className={`dot dot-${status}`} aria-hidden="true" />
        <h2 id={headingId}>All hosts</h2>
        <span className="all-hosts-block">
          {all.block ? (
            <>
              <code>Host *</code>{' '}
              <FileRef api={api} file={all.block.file} line={all.block.line} configPath={configPath} className="source" />
            </>
          ) : (
            <span className="hint">
              no <code>Host *</code> block yet: turning this on adds one
            </span>
          )}
        </span>
        <span className="all-hosts-controls">
          <KeepaliveControls
            toggle={toggle}
            labels={{ switch: 'Keepalive for all hosts', interval: 'Interval for all hosts (seconds)', set: 'Set interval for all hosts' }}
            describedBy={outcomeId}
            warning={switchWarning(all.keepaliveOn, all.verdict)}
          />
        </span>
        <span id={outcomeId} className={`outcome-${status}`} data-field="verdict" title={keywordsTitle(all.values, configPath)}>
          <span className="visually-hidden">{STATUS_TEXT[status]}: </span>
          {keepaliveOutcome(all.values, all.verdict)}
        </span>
        {status === 'bad' && (
          <FixButton subject="all hosts" interval={fixInterval} onFix={() => onChange({ configPath, target: TARGET, action: 'on', interval: fixInterval }, switchTitle('all hosts', { action: 'on', interval: fixInterval }, 'interval'))} />
        )}
      </div>
      <p className="hint all-hosts-values">
        {keywordsLine(all.values, configPath)}. A block above <code>Host *</code> that sets a value keeps it.
      </p>
    </section>
  );
}
