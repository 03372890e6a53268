import { useId } from 'react';
import type { ConfigSnapshot, KeepaliveValues } from '../../common/contract/hosts';
import type { KeepaliveIntent } from '../../common/contract/keepalive';
import { formatDuration } from '../../common/format/duration';
import { formatSource } from '../../common/format/source';
import { KeepaliveControls } from '../ui/KeepaliveControls';
import { useIntervalToggle } from '../ui/useIntervalToggle';
import { Verdict } from './ValueCell';

interface Props {
  snapshot: ConfigSnapshot;
  configPath: string;
  onChange: (intent: KeepaliveIntent, title: string) => void;
}

const TARGET = { kind: 'all' } as const;

/** The `Host *` switch: what every host gets unless an earlier block decides otherwise. */
export function AllHostsPanel({ snapshot, configPath, onChange }: Props) {
  const all = snapshot.allHosts;
  const toggle = useIntervalToggle(all.keepaliveOn, all.values.serverAliveInterval.value, 'all hosts', (change, title) => onChange({ configPath, target: TARGET, ...change }, title));
  const headingId = useId();
  const verdictId = useId();

  return (
    <section className="card all-hosts" aria-labelledby={headingId}>
      <h2 id={headingId}>All hosts</h2>
      <div className="all-hosts-controls">
        <KeepaliveControls
          toggle={toggle}
          labels={{ switch: 'Keepalive for all hosts', interval: 'Interval for all hosts (seconds)', set: 'Set interval for all hosts' }}
          describedBy={verdictId}
          showLabel
        />
      </div>
      <p className="hint">
        {all.block ? (
          <>
            Managed in the <code>Host *</code> block at <code title={`${all.block.file}:${all.block.line}`}>{formatSource({ kind: 'line', ...all.block }, configPath)}</code>.
          </>
        ) : (
          <>
            There is no <code>Host *</code> block yet: turning this on adds one.
          </>
        )}{' '}
        A host with its own setting above keeps it.
      </p>
      <EffectiveValues values={all.values} configPath={configPath} />
      <p id={verdictId}>
        <Verdict verdict={all.verdict} />
        <span className="hint"> (for a host only <code>Host *</code> matches, behind a NAT that drops idle connections after {formatDuration(snapshot.natTimeoutSeconds)})</span>
      </p>
    </section>
  );
}

/** The three keepalive keywords with their values and where each comes from. */
function EffectiveValues({ values: v, configPath }: { values: KeepaliveValues; configPath: string }) {
  const rows = [
    ['ServerAliveInterval', String(v.serverAliveInterval.value), v.serverAliveInterval.source],
    ['ServerAliveCountMax', String(v.serverAliveCountMax.value), v.serverAliveCountMax.source],
    ['TCPKeepAlive', v.tcpKeepAlive.value ? 'yes' : 'no', v.tcpKeepAlive.source],
  ] as const;
  return (
    <dl className="all-values">
      {rows.map(([keyword, value, source]) => (
        <div key={keyword}>
          <dt>{keyword}</dt>
          <dd>
            {value} <span className="source">{formatSource(source, configPath)}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
