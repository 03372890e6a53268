import { useCallback, useRef, useState } from 'react';
import type { AppErrorData } from '../../common/contract/errors';
import { errorData } from '../api';
import type { ChangePreview, Notice, PendingChange } from './change';
import { useFocusReturn } from './useFocusReturn';

/** How one feature previews, applies and undoes; the flow around it is the same for all. */
export interface ChangeOps<R, P, O = undefined> {
  preview(request: R): Promise<P>;
  view(preview: P): ChangePreview;
  /** Writes the pending change (with the chosen alternative, if any) and says how it went. */
  apply(pending: PendingChange<R, P>, choice: string | undefined, options: O): Promise<Notice>;
  undo?(): Promise<Notice>;
}

/**
 * Preview -> dialog -> apply, and undo: the whole life of a change in every view that writes one.
 * One change at a time: a second click while one runs is ignored (the controls stay enabled; a
 * disabled button drops keyboard focus). A file changed since its preview is refused by the core
 * (code `conflict`): the dialog closes, the notice says so and `reload` shows the file as it is.
 */
export function useChangeFlow<R, P, O = undefined>(ops: ChangeOps<R, P, O>, reload: () => Promise<void>) {
  const [pending, setPending] = useState<PendingChange<R, P> | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<AppErrorData | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const focus = useFocusReturn(noticeRef);
  const inFlight = useRef(false);

  /** Runs `job` unless another is running; `busy` shows while it does. */
  const once = useCallback(async (job: () => Promise<void>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    try {
      await job();
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }, []);

  const start = useCallback(
    (request: R, title: string) =>
      once(async () => {
        focus.remember();
        setDialogError(null);
        try {
          const preview = await ops.preview(request);
          setPending({ request, title, preview, view: ops.view(preview) });
        } catch (err) {
          setNotice({ kind: 'error', error: errorData(err) });
        }
      }),
    [once, ops, focus],
  );

  const apply = useCallback(
    (choice: string | undefined, options: O) =>
      once(async () => {
        if (!pending) return;
        setDialogError(null);
        try {
          setNotice(await ops.apply(pending, choice, options));
          setPending(null);
          focus.focus('opener');
        } catch (err) {
          const data = errorData(err);
          if (data.code !== 'conflict') return setDialogError(data);
          setPending(null);
          setNotice({ kind: 'conflict', error: data });
          await reload();
          focus.focus('opener');
        }
      }),
    [once, ops, pending, reload, focus],
  );

  const undo = useCallback(
    (run?: () => Promise<Notice>) =>
      once(async () => {
        const job = run ?? ops.undo;
        if (!job) return;
        try {
          setNotice(await job());
        } catch (err) {
          setNotice({ kind: 'error', error: errorData(err) });
          await reload();
        }
        // The Undo button may be gone now: the outcome takes focus, never <body>.
        focus.focus('notice');
      }),
    [once, ops, reload, focus],
  );

  /** The files changed on disk while the dialog was open: preview the request `follow` gives (null = its target is gone). */
  const refresh = useCallback(
    (follow: (request: R) => R | null) =>
      once(async () => {
        if (!pending) return;
        const request = follow(pending.request);
        if (!request) {
          setDialogError({ code: 'not-found', message: 'What this change was for is no longer in the file. Cancel, check the file and try again.' });
          return;
        }
        setDialogError(null);
        try {
          const preview = await ops.preview(request);
          setPending({ ...pending, request, preview, view: ops.view(preview) });
        } catch (err) {
          setDialogError(errorData(err));
        }
      }),
    [once, ops, pending],
  );

  const cancel = useCallback(() => {
    setPending(null);
    setDialogError(null);
    focus.focus('opener');
  }, [focus]);

  const dismiss = useCallback(() => setNotice(null), []);

  return { pending, busy, dialogError, notice, noticeRef, start, apply, undo, refresh, cancel, dismiss };
}

export type ChangeFlow<R, P, O = undefined> = ReturnType<typeof useChangeFlow<R, P, O>>;
