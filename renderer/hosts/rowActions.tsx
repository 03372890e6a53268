import type { ComponentType } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { HostRow } from '../../common/contract/hosts';
import type { KeepaliveIntent } from '../../common/contract/keepalive';
import { DiagnosisBadge } from '../diagnosis/DiagnosisBadge';
import { DiagnosisPanel } from '../diagnosis/DiagnosisPanel';
import { ProbePanel } from '../probe/ProbePanel';
import { PuttyPanel } from '../sessions/PuttyPanel';
import { RemoteServerPanel } from '../remote-server/RemoteServerPanel';
import { switchTitle } from '../ui/useIntervalToggle';

/** What a row action's panel (or badge) gets: the host and the ways back into the app. */
export interface HostRowContext {
  api: KeepaliveApi;
  host: HostRow;
  configPath: string;
  /** Starts a previewed keepalive change (the Hosts view's one change flow). */
  onChange: (intent: KeepaliveIntent, title: string) => void;
}

/**
 * A row action: an item of the row's actions menu that shows (or hides) a panel under the row.
 * This list is the one place a feature plugs into the host list: issue 13's "Diagnose" and issue
 * 14's "Server keepalive" add an entry here (their panel component), nothing in the row itself.
 */
export interface RowPanelAction {
  id: string;
  /** The menu item and the panel's name ("PuTTY and WinSCP"); the row adds "for HOST" for screen readers. */
  label: string;
  Panel: ComponentType<HostRowContext>;
  /** The panel starts with its own heading (else the row titles it with the label). */
  ownHeading?: boolean;
  /** Hide the item for rows it cannot serve. */
  available?: (host: HostRow) => boolean;
}

function MeasurePanel({ host, configPath, onChange }: HostRowContext) {
  const target = { kind: 'block', file: host.file, line: host.line } as const;
  // "Measure my network": the recommended interval goes through the same preview.
  return <ProbePanel host={host} onApply={(interval) => onChange({ configPath, target, action: 'on', interval }, switchTitle(host.pattern, { action: 'on', interval }, 'measured'))} />;
}

function SessionsPanel({ api, host, configPath }: HostRowContext) {
  return <PuttyPanel api={api} host={host} configPath={configPath} />;
}

export const ROW_PANELS: readonly RowPanelAction[] = [
  { id: 'putty', label: 'PuTTY and WinSCP', Panel: SessionsPanel },
  { id: 'probe', label: 'Measure network', Panel: MeasurePanel, ownHeading: true },
  { id: 'diagnose', label: 'Diagnose', Panel: DiagnosisPanel, ownHeading: true },
  { id: 'server', label: 'Server keepalive', Panel: RemoteServerPanel, ownHeading: true },
];

/**
 * Small marks after the alias (issue 13's diagnosis badge): each returns null when it has nothing
 * to say. They render in every visible row, so they must be cheap (read a store, do not fetch).
 */
export const ROW_BADGES: readonly ComponentType<HostRowContext>[] = [DiagnosisBadge];
