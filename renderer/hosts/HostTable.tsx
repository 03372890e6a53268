import { memo, useCallback, useDeferredValue, useId, useMemo, useState, type ReactNode } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { HostRow, MatchBlockInfo } from '../../common/contract/hosts';
import type { KeepaliveIntent } from '../../common/contract/keepalive';
import { TableHead } from '../ui/TableHead';
import { useWindowedRows } from '../ui/useWindowedRows';
import { matchesFilter, STATUS_TEXT, type HostFilter, type HostStatus } from './describe';
import { HostRowView } from './HostRowView';
import { MatchRowView } from './MatchRowView';

/** Below this a filter box is clutter. */
const FILTER_FROM = 8;
/** The CSS height of a row (styles.css .host-row) before one is measured. */
const ROW_ESTIMATE = 37;
const COLUMN_TITLES = ['Host', 'Connects to', 'Keepalive', { hidden: 'Switch' }, { hidden: 'Actions' }] as const;
const COLUMNS = COLUMN_TITLES.length;
const NO_PANELS: readonly string[] = [];
const STATUSES: readonly HostStatus[] = ['bad', 'ok', 'depends'];

const Row = memo(HostRowView);
const MatchRow = memo(MatchRowView);

/** A line of the list: a host, or a Match block where ssh reads it. */
type Item = { kind: 'host'; key: string; host: HostRow } | { kind: 'match'; key: string; block: MatchBlockInfo };

/** Match blocks before the host whose id their `before` names (the rest at the end), as ssh reads them. */
function interleave(hosts: readonly HostRow[], blocks: readonly MatchBlockInfo[]): Item[] {
  const items: Item[] = [];
  const pending = new Map<string, MatchBlockInfo[]>();
  for (const b of blocks) if (b.before) pending.set(b.before, [...(pending.get(b.before) ?? []), b]);
  const listed = new Set(hosts.map((h) => h.id));
  for (const h of hosts) {
    for (const b of pending.get(h.id) ?? []) items.push({ kind: 'match', key: `match:${b.id}`, block: b });
    items.push({ kind: 'host', key: h.id, host: h });
  }
  for (const b of blocks) if (!b.before || !listed.has(b.before)) items.push({ kind: 'match', key: `match:${b.id}`, block: b });
  return items;
}

function matchShown(block: MatchBlockInfo, filter: HostFilter): boolean {
  if (filter.status !== 'all' && filter.status !== 'depends') return false;
  const needle = filter.text.trim().toLowerCase();
  return !needle || `match ${block.criteria} ${block.file}:${block.line}`.toLowerCase().includes(needle);
}

interface Props {
  hosts: HostRow[];
  /** The Match blocks, each with `before` naming a listed host (or null). */
  matchBlocks: readonly MatchBlockInfo[];
  configPath: string;
  api: KeepaliveApi;
  onChange: (intent: KeepaliveIntent, title: string) => void;
  /** The interval a red verdict's fix asks for ("Keep alive every 60 s"). */
  fixInterval: number;
  /** The list's heading and what goes beside it; the filter shares its line. */
  heading: ReactNode;
}

/**
 * The hosts, one line each, filterable by alias, address, user, jump host and status. Only the rows
 * in view are in the DOM (a 10,000-host config paints as fast as a 16-host one); the rest are
 * spacers of the same height, so the page scrolls as if every row were there.
 */
export function HostTable({ hosts, matchBlocks, configPath, api, onChange, fixInterval, heading }: Props) {
  const [text, setText] = useState('');
  const [status, setStatus] = useState<HostFilter['status']>('all');
  const [panels, setPanels] = useState<ReadonlyMap<string, readonly string[]>>(new Map());
  const filter = useDeferredValue(useMemo(() => ({ text, status }), [text, status]));
  const id = useId();

  const matches = useMemo(() => (filter.text.trim() || filter.status !== 'all' ? hosts.filter((h) => matchesFilter(h, filter)) : hosts), [hosts, filter]);
  const items = useMemo(() => interleave(matches, matchBlocks.filter((b) => matchShown(b, filter))), [matches, matchBlocks, filter]);
  const keys = useMemo(() => items.map((i) => i.key), [items]);
  const open = useMemo(() => new Set(panels.keys()), [panels]);
  const win = useWindowedRows(keys, open, ROW_ESTIMATE);

  // Stable, so memoised rows re-render only when their own panels change.
  const onTogglePanel = useCallback((hostId: string, panelId: string) => {
    setPanels((old) => {
      const now = old.get(hostId) ?? NO_PANELS;
      const next = now.includes(panelId) ? now.filter((p) => p !== panelId) : [...now, panelId];
      const out = new Map(old);
      if (next.length) out.set(hostId, next);
      else out.delete(hostId);
      return out;
    });
  }, []);

  return (
    <>
      <div className="list-head">
        {heading}
        {hosts.length >= FILTER_FROM && (
          <div className="filter" role="search" aria-label="Hosts">
            <label htmlFor={`${id}-text`} className="field-label">
              Filter hosts
            </label>
            <input
              id={`${id}-text`}
              type="search"
              value={text}
              autoComplete="off"
              spellCheck={false}
              placeholder="alias, address, user or jump host"
              aria-describedby={`${id}-count`}
              onChange={(e) => setText(e.target.value)}
            />
            <label htmlFor={`${id}-status`} className="visually-hidden">
              Show
            </label>
            <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as HostFilter['status'])}>
              <option value="all">All hosts</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_TEXT[s]}
                </option>
              ))}
            </select>
            <span id={`${id}-count`} className="hint" role="status">
              {matches.length === hosts.length ? `${hosts.length} hosts` : `${matches.length} of ${hosts.length} hosts`}
            </span>
          </div>
        )}
      </div>
      <table className="hosts-table" aria-rowcount={items.length + 1}>
        <colgroup>
          <col className="col-host" />
          <col className="col-points" />
          <col className="col-outcome" />
          <col className="col-control" />
          <col className="col-actions" />
        </colgroup>
        <TableHead columns={COLUMN_TITLES} />
        <tbody ref={win.listRef}>
          <Spacer height={win.before} columns={COLUMNS} />
          {items.slice(win.start, win.end).map((item, i) =>
            item.kind === 'match' ? (
              <MatchRow key={item.key} api={api} block={item.block} configPath={configPath} rowIndex={win.start + i + 1} rowRef={i === 0 ? win.rowRef : undefined} />
            ) : (
            <Row
              key={item.key}
              host={item.host}
              configPath={configPath}
              columns={COLUMNS}
              rowIndex={win.start + i + 1}
              openPanels={panels.get(item.host.id) ?? NO_PANELS}
              onTogglePanel={onTogglePanel}
              onChange={onChange}
              fixInterval={fixInterval}
              api={api}
              rowRef={i === 0 ? win.rowRef : undefined}
              panelRef={win.extraRef(item.host.id)}
            />
            ),
          )}
          <Spacer height={win.after} columns={COLUMNS} />
        </tbody>
      </table>
      {matches.length === 0 && <p className="hint">No host matches this filter.</p>}
    </>
  );
}

/** Stands in for rows outside the window. Its height is set through the CSSOM (the CSP allows no style attribute). */
function Spacer({ height, columns }: { height: number; columns: number }) {
  const ref = useCallback(
    (el: HTMLTableCellElement | null) => {
      if (el) el.style.height = `${height}px`;
    },
    [height],
  );
  if (height <= 0) return null;
  return (
    <tr className="spacer" aria-hidden="true">
      <td ref={ref} colSpan={columns} />
    </tr>
  );
}
