import { useId, useState, type ReactNode } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { HostRow } from '../../common/contract/hosts';
import type { KeepaliveIntent } from '../../common/contract/keepalive';
import { formatSource } from '../../common/format/source';
import { ProbePanel } from '../probe/ProbePanel';
import { PuttyPanel } from '../sessions/PuttyPanel';
import { KeepaliveControls } from '../ui/KeepaliveControls';
import { switchTitle, useIntervalToggle } from '../ui/useIntervalToggle';
import { ValueCell, Verdict } from './ValueCell';

interface Props {
  host: HostRow;
  configPath: string;
  columns: number;
  onChange: (intent: KeepaliveIntent, title: string) => void;
  api: KeepaliveApi;
}

const UNDECIDED = 'depends on runtime conditions: a Match is evaluated when ssh connects';

/** One Host block: its effective keepalive values, the verdict, the switch, and its PuTTY and probe panels. */
export function HostRowView({ host, configPath, columns, onChange, api }: Props) {
  const { values, pattern } = host;
  const target = { kind: 'block', file: host.file, line: host.line } as const;
  const toggle = useIntervalToggle(host.keepaliveOn, values.serverAliveInterval.value, pattern, (change, title) => onChange({ configPath, target, ...change }, title));
  const verdictId = useId();
  const putty = useDetail();
  const probe = useDetail();

  return (
    <>
      <tr data-host={pattern}>
        <th scope="row" className="host-cell">
          <code className="pattern">{pattern}</code>
          <span className="source" title={`${host.file}:${host.line}`}>
            {formatSource({ kind: 'line', file: host.file, line: host.line }, configPath)}
          </span>
        </th>
        <td className="control-cell">
          <KeepaliveControls
            toggle={toggle}
            labels={{ switch: `Keepalive for ${pattern}`, interval: `Interval for ${pattern} (seconds)`, set: `Set interval for ${pattern}` }}
            describedBy={verdictId}
          />
        </td>
        <ValueCell field="serverAliveInterval" value={String(values.serverAliveInterval.value)} source={values.serverAliveInterval.source} configPath={configPath} />
        <ValueCell field="serverAliveCountMax" value={String(values.serverAliveCountMax.value)} source={values.serverAliveCountMax.source} configPath={configPath} />
        <ValueCell field="tcpKeepAlive" value={values.tcpKeepAlive.value ? 'yes' : 'no'} source={values.tcpKeepAlive.source} configPath={configPath} />
        <td id={verdictId} data-field="verdict">
          <Verdict verdict={host.verdict} note={host.decided ? undefined : (host.undecidedReason ?? UNDECIDED)} />
          {/* The row names the host; repeating it in the visible text made the verdict column as wide as
              the longest pattern. The accessible name keeps it (and starts with the visible text). */}
          <DetailButton detail={putty} text="PuTTY and WinSCP" name={`PuTTY and WinSCP for ${pattern}`} />
          <DetailButton detail={probe} text="Measure network" name={`Measure network for ${pattern}`} />
        </td>
      </tr>
      <DetailRow detail={putty} columns={columns}>
        <PuttyPanel api={api} host={host} configPath={configPath} />
      </DetailRow>
      <DetailRow detail={probe} columns={columns}>
        {/* "Measure my network": the recommended interval goes through the same preview. */}
        <ProbePanel api={api} host={host} onApply={(interval) => onChange({ configPath, target, action: 'on', interval }, switchTitle(pattern, { action: 'on', interval }, 'measured'))} />
      </DetailRow>
    </>
  );
}

/** A row under the host that a disclosure button opens. */
function useDetail() {
  const [open, setOpen] = useState(false);
  return { id: useId(), open, flip: () => setOpen((o) => !o) };
}
type Detail = ReturnType<typeof useDetail>;

function DetailButton({ detail, text, name }: { detail: Detail; text: string; name: string }) {
  return (
    <button type="button" className="link" aria-label={name} aria-expanded={detail.open} aria-controls={detail.id} onClick={detail.flip}>
      {text}
    </button>
  );
}

function DetailRow({ detail, columns, children }: { detail: Detail; columns: number; children: ReactNode }) {
  if (!detail.open) return null;
  return (
    <tr className="detail-row" id={detail.id}>
      <td colSpan={columns}>{children}</td>
    </tr>
  );
}
