import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';

/**
 * Where focus goes when a dialog closes or an outcome replaces the control that had it: back to the
 * control that opened the dialog, or to the notice (an Undo button that is gone after its undo).
 * It moves after the commit that removed the dialog: until then the page behind the modal is inert
 * and focus() does nothing (a requestAnimationFrame could run first and leave focus on <body>).
 */
export function useFocusReturn(notice: RefObject<HTMLElement | null>) {
  const opener = useRef<HTMLElement | null>(null);
  const [request, setRequest] = useState<{ to: 'opener' | 'notice'; n: number }>({ to: 'opener', n: 0 });

  useEffect(() => {
    if (!request.n) return;
    const el = request.to === 'notice' ? notice.current : opener.current;
    opener.current = null;
    if (el?.isConnected) el.focus();
  }, [request, notice]);

  /** Call when a dialog opens: the control focused now gets focus back. */
  const remember = useCallback(() => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  }, []);
  const focus = useCallback((to: 'opener' | 'notice') => setRequest((r) => ({ to, n: r.n + 1 })), []);
  return useMemo(() => ({ remember, focus }), [remember, focus]);
}
