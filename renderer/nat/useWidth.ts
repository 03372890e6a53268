import { useCallback, useRef, useState } from 'react';

/**
 * The width of an element in CSS pixels, followed as the window or the layout changes (the NAT
 * diagram lays itself out for it instead of scaling its text). A hidden element (width 0) keeps the
 * last width it had.
 */
export function useWidth<T extends HTMLElement>(initial = 760): [(el: T | null) => void, number] {
  const [width, setWidth] = useState(initial);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((el: T | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el) return;
    const measure = (w: number) => {
      if (w > 0) setWidth(Math.floor(w));
    };
    measure(el.clientWidth);
    observer.current = new ResizeObserver((entries) => measure(entries[0]?.contentRect.width ?? 0));
    observer.current.observe(el);
  }, []);
  return [ref, width];
}
