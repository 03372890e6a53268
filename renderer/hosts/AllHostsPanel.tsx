import { useEffect, useId, useState } from 'react';
import type { ConfigSnapshot } from '../../common/contract/hosts';
import type { KeepaliveIntent } from '../../common/contract/keepalive';
import { formatSource, formatDuration, parseInterval } from './format';
import { intervalText } from './HostRowView';
import { IntervalField } from '../ui/IntervalField';
import { KeepaliveSwitch } from '../ui/KeepaliveSwitch';
import { Verdict } from './ValueCell';

interface Props {
  snapshot: ConfigSnapshot;
  configPath: string;
  onChange: (intent: KeepaliveIntent, title: string) => void;
}

/** The `Host *` switch: what every host gets unless an earlier block decides otherwise. */
export function AllHostsPanel({ snapshot, configPath, onChange }: Props) {
  const all = snapshot.allHosts;
  const current = intervalText(all.keepaliveOn, all.values.serverAliveInterval.value);
  const [draft, setDraft] = useState<string | null>(null);
  useEffect(() => setDraft(null), [current]);
  const text = draft ?? current;
  const parsed = parseInterval(text);
  const headingId = useId();
  const verdictId = useId();
  const target = { kind: 'all' } as const;

  const toggle = () => {
    if (all.keepaliveOn) onChange({ configPath, target, action: 'off' }, 'Turn keepalive off for all hosts');
    else if (parsed.ok) onChange({ configPath, target, action: 'on', interval: parsed.value }, `Turn keepalive on for all hosts (every ${parsed.value} s)`);
  };
  const setNewInterval = () => {
    if (parsed.ok) onChange({ configPath, target, action: 'on', interval: parsed.value }, `Keepalive for all hosts: every ${parsed.value} s`);
  };
  const intervalChanged = all.keepaliveOn && parsed.ok && String(parsed.value) !== current;
  const v = all.values;

  return (
    <section className="card all-hosts" aria-labelledby={headingId}>
      <h2 id={headingId}>All hosts</h2>
      <div className="all-hosts-controls">
        <KeepaliveSwitch label="Keepalive for all hosts" checked={all.keepaliveOn} describedBy={verdictId} onToggle={toggle} />
        <IntervalField label="Interval for all hosts (seconds)" value={text} onChange={setDraft} onSubmit={all.keepaliveOn ? setNewInterval : toggle} showLabel />
        {intervalChanged && (
          <button type="button" className="small" onClick={setNewInterval} aria-label="Set interval for all hosts">
            Set
          </button>
        )}
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
      <dl className="all-values">
        <div>
          <dt>ServerAliveInterval</dt>
          <dd>
            {v.serverAliveInterval.value} <span className="source">{formatSource(v.serverAliveInterval.source, configPath)}</span>
          </dd>
        </div>
        <div>
          <dt>ServerAliveCountMax</dt>
          <dd>
            {v.serverAliveCountMax.value} <span className="source">{formatSource(v.serverAliveCountMax.source, configPath)}</span>
          </dd>
        </div>
        <div>
          <dt>TCPKeepAlive</dt>
          <dd>
            {v.tcpKeepAlive.value ? 'yes' : 'no'} <span className="source">{formatSource(v.tcpKeepAlive.source, configPath)}</span>
          </dd>
        </div>
      </dl>
      <p id={verdictId}>
        <Verdict text={all.verdict.text} isProtected={all.verdict.protected} />
        <span className="hint"> (for a host only <code>Host *</code> matches, behind a NAT that drops idle connections after {formatDuration(snapshot.natTimeoutSeconds)})</span>
      </p>
    </section>
  );
}
