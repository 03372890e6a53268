import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';

/**
 * Rows rendered beyond each edge of the viewport, so fast scrolling and Tab never reach an empty
 * edge; the slice moves only when the viewport comes within MARGIN rows of its edge, so most
 * scrolled frames change no DOM at all (no style, layout or React work: the compositor scrolls).
 */
const OVERSCAN = 10;
const MARGIN = 3;
/** Rows rendered before anything is measured: a screenful at the list's estimated row height. */
const FIRST_RENDER = 40;

export interface WindowedRows {
  /** The rendered slice, [start, end). */
  start: number;
  end: number;
  /** Heights (px) of the spacers that stand in for the rows above and below the slice. */
  before: number;
  after: number;
  /** Ref of the element whose top is the list's first row (a table's tbody). */
  listRef: (el: HTMLElement | null) => void;
  /** Ref of any plain row: its height is the list's row height (one CSS height for every row). */
  rowRef: (el: HTMLElement | null) => void;
  /** Ref of the panel row under row `key` (open panels add their measured height to that row). */
  extraRef: (key: string) => (el: HTMLElement | null) => void;
}

/**
 * A window over a long list that scrolls with the page: only the rows in (and near) the viewport
 * are in the DOM, between two spacers of the height of the rows left out. Every row has the same
 * height (measured from a rendered row); a row with an open panel adds that panel's measured
 * height. `keys` are the rows in order; `extraKeys` those whose panel is open.
 */
export function useWindowedRows(keys: readonly string[], extraKeys: ReadonlySet<string>, estimate: number): WindowedRows {
  const [rowHeight, setRowHeight] = useState(estimate);
  const [extras, setExtras] = useState<ReadonlyMap<string, number>>(new Map());
  const [range, setRange] = useState({ start: 0, end: Math.min(keys.length, FIRST_RENDER) });
  const list = useRef<HTMLElement | null>(null);

  // Row tops, only when a panel is open (else row i is at i * rowHeight): one pass over the keys.
  const tops = useMemo(() => {
    const open = [...extraKeys].filter((k) => (extras.get(k) ?? 0) > 0);
    if (open.length === 0) return null;
    const out = new Float64Array(keys.length + 1);
    for (let i = 0; i < keys.length; i++) out[i + 1] = out[i]! + rowHeight + (extraKeys.has(keys[i]!) ? (extras.get(keys[i]!) ?? 0) : 0);
    return out;
  }, [keys, extraKeys, extras, rowHeight]);

  const topOf = useCallback((i: number) => (tops ? tops[i]! : i * rowHeight), [tops, rowHeight]);
  /** The row at `y` px below the list's top. */
  const indexAt = useCallback(
    (y: number) => {
      if (!tops) return Math.floor(y / rowHeight);
      let lo = 0;
      let hi = keys.length;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (tops[mid]! <= y) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    },
    [tops, rowHeight, keys.length],
  );

  const update = useCallback(() => {
    const el = list.current;
    if (!el) return;
    const top = el.getBoundingClientRect().top;
    const n = keys.length;
    const first = Math.min(n, indexAt(Math.max(0, -top)));
    const last = Math.min(n, indexAt(Math.max(0, window.innerHeight - top)) + 1);
    setRange((r) => {
      // Still covered with room to spare (or the list's own edge): keep the slice.
      const coversTop = r.start === 0 || r.start <= first - MARGIN;
      const coversEnd = r.end === n || r.end >= last + MARGIN;
      if (coversTop && coversEnd && r.start <= first && r.end >= Math.min(n, last) && r.end <= n) return r;
      const start = Math.max(0, first - OVERSCAN);
      const end = Math.min(n, last + OVERSCAN);
      return r.start === start && r.end === end ? r : { start, end };
    });
  }, [keys.length, indexAt]);

  useLayoutEffect(update, [update]);
  useEffect(() => {
    window.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    return () => {
      window.removeEventListener('scroll', update);
      window.removeEventListener('resize', update);
    };
  }, [update]);

  const observers = useRef(new Map<string, ResizeObserver>());
  useEffect(() => () => observers.current.forEach((o) => o.disconnect()), []);
  const observe = useCallback((key: string, el: HTMLElement | null, onHeight: (h: number) => void) => {
    observers.current.get(key)?.disconnect();
    observers.current.delete(key);
    if (!el) return;
    const o = new ResizeObserver(() => onHeight(el.getBoundingClientRect().height));
    o.observe(el);
    observers.current.set(key, o);
  }, []);

  const listRef = useCallback((el: HTMLElement | null) => {
    list.current = el;
  }, []);
  const rowRef = useCallback(
    (el: HTMLElement | null) => observe(' row', el, (h) => h > 0 && setRowHeight((old) => (Math.abs(old - h) < 0.5 ? old : h))),
    [observe],
  );
  const extraRefs = useRef(new Map<string, (el: HTMLElement | null) => void>());
  const extraRef = useCallback(
    (key: string) => {
      let ref = extraRefs.current.get(key);
      if (!ref) {
        ref = (el) =>
          observe(key, el, (h) =>
            setExtras((old) => (Math.abs((old.get(key) ?? 0) - h) < 0.5 ? old : new Map(old).set(key, h))),
          );
        extraRefs.current.set(key, ref);
      }
      return ref;
    },
    [observe],
  );

  const start = Math.min(range.start, keys.length);
  const end = Math.min(Math.max(range.end, start), keys.length);
  return { start, end, before: topOf(start), after: topOf(keys.length) - topOf(end), listRef, rowRef, extraRef };
}
