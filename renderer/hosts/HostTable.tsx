import { memo, useDeferredValue, useId, useMemo, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { HostRow } from '../../common/contract/hosts';
import type { KeepaliveIntent } from '../../common/contract/keepalive';
import { TableHead } from '../ui/TableHead';
import { HostRowView } from './HostRowView';

/** Rows rendered at once: a 5,000-block config would otherwise cost seconds of layout per change. */
export const PAGE_SIZE = 200;
/** Below this a filter box is clutter. */
const FILTER_FROM = 12;
/** .break: in a narrow window (styles.css) the keyword headers may wrap there. */
const keyword = (a: string, b: string) => (
  <>
    {a}
    <span className="break" />
    {b}
  </>
);
const COLUMN_TITLES = ['Host', 'Keepalive', keyword('ServerAlive', 'Interval'), keyword('ServerAlive', 'CountMax'), keyword('TCP', 'KeepAlive'), 'Verdict'];
const COLUMNS = COLUMN_TITLES.length;

const Row = memo(HostRowView);

interface Props {
  hosts: HostRow[];
  configPath: string;
  api: KeepaliveApi;
  onChange: (intent: KeepaliveIntent, title: string) => void;
}

/** The Host blocks, filterable by pattern or file, rendered a page at a time. */
export function HostTable({ hosts, configPath, api, onChange }: Props) {
  const [filter, setFilter] = useState('');
  const [shown, setShown] = useState(PAGE_SIZE);
  const deferredFilter = useDeferredValue(filter);
  const filterId = useId();
  const matches = useMemo(() => {
    const needle = deferredFilter.trim().toLowerCase();
    if (!needle) return hosts;
    return hosts.filter((h) => h.pattern.toLowerCase().includes(needle) || `${h.file}:${h.line}`.toLowerCase().includes(needle));
  }, [hosts, deferredFilter]);
  const visible = matches.slice(0, shown);
  const left = matches.length - visible.length;

  return (
    <>
      {hosts.length >= FILTER_FROM && (
        <div className="filter">
          <label htmlFor={filterId} className="field-label">
            Filter hosts
          </label>
          <input
            id={filterId}
            type="search"
            value={filter}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => {
              setFilter(e.target.value);
              setShown(PAGE_SIZE);
            }}
          />
          <span className="hint" role="status">
            {matches.length === hosts.length ? `${hosts.length} blocks` : `${matches.length} of ${hosts.length} blocks`}
          </span>
        </div>
      )}
      <div className="table-scroll">
        <table className="hosts-table">
          <TableHead columns={COLUMN_TITLES} />
          <tbody>
            {visible.map((host) => (
              <Row key={host.id} host={host} configPath={configPath} columns={COLUMNS} onChange={onChange} api={api} />
            ))}
          </tbody>
        </table>
      </div>
      {matches.length === 0 && <p className="hint">No Host block matches “{deferredFilter}”.</p>}
      {left > 0 && (
        <button type="button" className="show-more" onClick={() => setShown(shown + PAGE_SIZE)}>
          Show {Math.min(PAGE_SIZE, left)} more ({left} not shown)
        </button>
      )}
    </>
  );
}
