import { useEffect, useId, useState, type ComponentType } from 'react';
import type { HostRow } from '../../common/contract/hosts';
import { DEFAULT_INTERVAL, type KeepaliveIntent } from '../../common/contract/keepalive';
import type { KeepaliveApi } from '../../common/contract/channels';
import { formatSource, parseInterval } from './format';
import { IntervalField } from '../ui/IntervalField';
import { KeepaliveSwitch } from '../ui/KeepaliveSwitch';
import { ValueCell, Verdict } from './ValueCell';
import { ProbePanel } from '../slots';

export interface PuttyPanelProps {
  api: KeepaliveApi;
  host: HostRow;
  /** The root config the snapshot was read from (what the putty:* channels need). */
  configPath: string;
}

interface Props {
  host: HostRow;
  configPath: string;
  columns: number;
  onChange: (intent: KeepaliveIntent, title: string) => void;
  api: KeepaliveApi;
  PuttyPanel?: ComponentType<PuttyPanelProps> | undefined;
}

export function intervalText(on: boolean, interval: number): string {
  return String(on && interval > 0 ? interval : DEFAULT_INTERVAL);
}

/** One Host block: its effective keepalive values, the verdict, and the switch that changes them. */
export function HostRowView({ host, configPath, columns, onChange, api, PuttyPanel }: Props) {
  const { values } = host;
  const current = intervalText(host.keepaliveOn, values.serverAliveInterval.value);
  const [draft, setDraft] = useState<string | null>(null);
  const [puttyOpen, setPuttyOpen] = useState(false);
  const [probeOpen, setProbeOpen] = useState(false);
  const probeId = useId();
  const verdictId = useId();
  const puttyId = useId();
  // A new snapshot (our apply, undo, or an outside edit) shows the file's value again.
  useEffect(() => setDraft(null), [current]);
  const text = draft ?? current;
  const parsed = parseInterval(text);
  const target = { kind: 'block', file: host.file, line: host.line } as const;

  const toggle = () => {
    if (host.keepaliveOn) {
      onChange({ configPath, target, action: 'off' }, `Turn keepalive off for ${host.pattern}`);
    } else if (parsed.ok) {
      onChange({ configPath, target, action: 'on', interval: parsed.value }, `Turn keepalive on for ${host.pattern} (every ${parsed.value} s)`);
    }
  };
  const setNewInterval = () => {
    if (parsed.ok) onChange({ configPath, target, action: 'on', interval: parsed.value }, `Keepalive for ${host.pattern}: every ${parsed.value} s`);
  };
  const intervalChanged = host.keepaliveOn && parsed.ok && String(parsed.value) !== current;

  return (
    <>
      <tr data-host={host.pattern}>
        <th scope="row" className="host-cell">
          <code className="pattern">{host.pattern}</code>
          <span className="source" title={`${host.file}:${host.line}`}>
            {formatSource({ kind: 'line', file: host.file, line: host.line }, configPath)}
          </span>
        </th>
        <td className="control-cell">
          <KeepaliveSwitch label={`Keepalive for ${host.pattern}`} checked={host.keepaliveOn} describedBy={verdictId} onToggle={toggle} />
          <IntervalField label={`Interval for ${host.pattern} (seconds)`} value={text} onChange={setDraft} onSubmit={host.keepaliveOn ? setNewInterval : toggle} />
          {intervalChanged && (
            <button type="button" className="small" onClick={setNewInterval} aria-label={`Set interval for ${host.pattern}`}>
              Set
            </button>
          )}
        </td>
        <ValueCell field="serverAliveInterval" value={String(values.serverAliveInterval.value)} source={values.serverAliveInterval.source} configPath={configPath} />
        <ValueCell field="serverAliveCountMax" value={String(values.serverAliveCountMax.value)} source={values.serverAliveCountMax.source} configPath={configPath} />
        <ValueCell field="tcpKeepAlive" value={values.tcpKeepAlive.value ? 'yes' : 'no'} source={values.tcpKeepAlive.source} configPath={configPath} />
        <td id={verdictId} data-field="verdict">
          <Verdict text={host.verdict.text} isProtected={host.verdict.protected} note={host.decided ? undefined : host.undecidedReason ?? 'depends on runtime conditions: a Match is evaluated when ssh connects'} />
          {PuttyPanel && (
            // The row names the host; repeating it in the visible text made the verdict column as wide as
            // the longest pattern. The accessible name keeps it (and starts with the visible text).
            <button
              type="button"
              className="link"
              aria-label={`PuTTY and WinSCP for ${host.pattern}`}
              aria-expanded={puttyOpen}
              aria-controls={puttyId}
              onClick={() => setPuttyOpen(!puttyOpen)}
            >
              PuTTY and WinSCP
            </button>
          )}
          {ProbePanel && (
            <button
              type="button"
              className="link"
              aria-label={`Measure network for ${host.pattern}`}
              aria-expanded={probeOpen}
              aria-controls={probeId}
              onClick={() => setProbeOpen(!probeOpen)}
            >
              Measure network
            </button>
          )}
        </td>
      </tr>
      {PuttyPanel && puttyOpen && (
        <tr className="detail-row" id={puttyId}>
          <td colSpan={columns}>
            <PuttyPanel api={api} host={host} configPath={configPath} />
          </td>
        </tr>
      )}
      {ProbePanel && probeOpen && (
        <tr className="detail-row" id={probeId}>
          <td colSpan={columns}>
            <ProbePanel
              api={api}
              host={host}
              onApply={(interval) => onChange({ configPath, target, action: 'on', interval }, `Keepalive for ${host.pattern}: every ${interval} s (measured)`)}
            />
          </td>
        </tr>
      )}
    </>
  );
}
