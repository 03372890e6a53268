import { useId, useMemo } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { HostRow } from '../../common/contract/hosts';
import type { KeepaliveIntent } from '../../common/contract/keepalive';
import { FileRef } from '../ui/FileRef';
import { MenuButton, type MenuItem } from '../ui/MenuButton';
import { switchTitle, useIntervalToggle } from '../ui/useIntervalToggle';
import { FixButton, switchWarning } from './FixButton';
import { hostStatus, keepaliveOutcome, keywordsTitle, pointsTo, STATUS_TEXT } from './describe';
import { ROW_BADGES, ROW_PANELS, type HostRowContext } from './rowActions';
import { RowControls } from './RowControls';

interface Props {
  host: HostRow;
  configPath: string;
  columns: number;
  /** 1-based position in the whole (filtered) list, for screen readers of a windowed table. */
  rowIndex: number;
  /** Ids of the row panels open under this row (ROW_PANELS), in menu order. */
  openPanels: readonly string[];
  onTogglePanel: (hostId: string, panelId: string) => void;
  onChange: (intent: KeepaliveIntent, title: string) => void;
  /** The interval of the fix a red verdict offers. */
  fixInterval: number;
  api: KeepaliveApi;
  /** Set on one rendered row: it measures the list's row height. */
  rowRef?: ((el: HTMLElement | null) => void) | undefined;
  /** The panel row's ref: its height is added to this row's in the window. */
  panelRef: (el: HTMLElement | null) => void;
}

const UNDECIDED = 'Depends on runtime conditions: a Match is evaluated when ssh connects';

/**
 * One Host block on one line: status dot, alias, where it points, keepalive as an outcome, the
 * switch, and the row's actions menu; the panels chosen in that menu open in a row under it.
 */
export function HostRowView({ host, configPath, columns, rowIndex, openPanels, onTogglePanel, onChange, fixInterval, api, rowRef, panelRef }: Props) {
  const { values, pattern } = host;
  const target = { kind: 'block', file: host.file, line: host.line } as const;
  const toggle = useIntervalToggle(host.keepaliveOn, values.serverAliveInterval.value, pattern, (change, title) => onChange({ configPath, target, ...change }, title));
  const outcomeId = useId();
  const status = hostStatus(host);
  const where = pointsTo(host);
  const fix = () => onChange({ configPath, target, action: 'on', interval: fixInterval }, switchTitle(pattern, { action: 'on', interval: fixInterval }, 'interval'));
  const ctx: HostRowContext = { api, host, configPath, onChange };

  const items: MenuItem[] = useMemo(
    () =>
      ROW_PANELS.filter((p) => p.available?.(host) ?? true).map((p) => ({
        id: p.id,
        label: p.label,
        checked: openPanels.includes(p.id),
        onSelect: () => onTogglePanel(host.id, p.id),
      })),
    [host, openPanels, onTogglePanel],
  );

  return (
    <>
      <tr ref={rowRef} data-host={pattern} data-status={status} className="host-row" aria-rowindex={rowIndex + 1}>
        <th scope="row" className="host-cell">
          <span className={`dot dot-${status}`} aria-hidden="true" title={STATUS_TEXT[status]} />
          <code className="pattern" title={pattern}>
            {pattern}
          </code>
          {ROW_BADGES.map((Badge, i) => (
            <Badge key={i} {...ctx} />
          ))}
          <FileRef api={api} file={host.file} line={host.line} configPath={configPath} className="source" />
        </th>
        <td className="points-cell" data-field="points-to" title={where.title}>
          <span className="clamp">{where.text}</span>
        </td>
        <td id={outcomeId} className={`outcome-cell outcome-${status}`} data-field="verdict" title={keywordsTitle(values, configPath)}>
          <div className="outcome-line">
            <span className="clamp">
              <span className="visually-hidden">{STATUS_TEXT[status]}: </span>
              {keepaliveOutcome(values, host.verdict)}
              {!host.decided && (
                <span className="tag" title={host.undecidedReason ?? UNDECIDED}>
                  Match
                </span>
              )}
            </span>
            {status === 'bad' && <FixButton subject={pattern} interval={fixInterval} onFix={fix} />}
          </div>
        </td>
        <td className="control-cell">
          <RowControls toggle={toggle} pattern={pattern} describedBy={outcomeId} warning={switchWarning(host.keepaliveOn, host.verdict)} />
        </td>
        <td className="actions-cell">
          <MenuButton label={`Actions for ${pattern}`} items={items} />
        </td>
      </tr>
      {openPanels.length > 0 && (
        <tr ref={panelRef} className="detail-row" data-panels-of={pattern}>
          <td colSpan={columns}>
            {ROW_PANELS.filter((p) => openPanels.includes(p.id)).map((p) => (
              <section key={p.id} className="row-panel" aria-label={`${p.label} for ${pattern}`}>
                <div className="row-panel-head">
                  {!p.ownHeading && (
                    <h3>
                      {p.label} <span className="hint">for {pattern}</span>
                    </h3>
                  )}
                  <button type="button" className="small" aria-label={`Close ${p.label} for ${pattern}`} onClick={() => onTogglePanel(host.id, p.id)}>
                    Close
                  </button>
                </div>
                <p.Panel {...ctx} />
              </section>
            ))}
          </td>
        </tr>
      )}
    </>
  );
}
