import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { AppErrorData } from '../../common/contract/errors';
import type { ServerChange, ServerOutcome, ServerStatus, SystemChange, SystemClientStatus, SystemOutcome } from '../../common/contract/system';
import { errorData } from '../api';
import type { PendingSystemChange } from './ChangeDialog';

export type SystemNotice =
  | { kind: 'applied' | 'undone' | 'cancelled' | 'nothing'; text: string }
  | { kind: 'error'; error: AppErrorData };

type Pending = PendingSystemChange & { request: ServerChange | SystemChange };

/** Status of both cards, and the preview -> OS prompt -> outcome flow of a change. */
export function useThisComputer(api: KeepaliveApi) {
  const [client, setClient] = useState<SystemClientStatus | null>(null);
  const [server, setServer] = useState<ServerStatus | null>(null);
  const [loadError, setLoadError] = useState<AppErrorData | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<AppErrorData | null>(null);
  const [notice, setNotice] = useState<SystemNotice | null>(null);
  // Where focus goes back to when the dialog closes: the switch that opened it (else it lands on <body>).
  const opener = useRef<HTMLElement | null>(null);
  // After an undo its button is gone: focus moves to the outcome instead of falling to <body>.
  const noticeRef = useRef<HTMLDivElement>(null);
  // After the commit that removed the dialog: until then the page behind the modal is inert and
  // focus() does nothing (a requestAnimationFrame could run first and leave focus on <body>).
  const [focusBack, setFocusBack] = useState(0);
  const refocus = () => setFocusBack((n) => n + 1);
  useEffect(() => {
    const el = opener.current;
    opener.current = null;
    if (focusBack && el?.isConnected) el.focus();
  }, [focusBack]);

  const reload = useCallback(async () => {
    try {
      const [c, s] = await Promise.all([api.invoke('system:status', {}), api.invoke('server:status', {})]);
      setClient(c);
      setServer(s);
      setLoadError(null);
    } catch (err) {
      setLoadError(errorData(err));
    }
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const start = async (target: 'server' | 'system', request: ServerChange | SystemChange, title: string) => {
    setNotice(null);
    setDialogError(null);
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    try {
      const preview = target === 'server' ? await api.invoke('server:preview', request as ServerChange) : await api.invoke('system:preview', request as SystemChange);
      setPending({ target, title, preview, request });
    } catch (err) {
      setNotice({ kind: 'error', error: errorData(err) });
    }
  };

  const finish = (o: ServerOutcome | SystemOutcome, undone: boolean) => {
    if ('installed' in o.status) setServer(o.status as ServerStatus);
    else setClient(o.status as SystemClientStatus);
    setNotice({ kind: o.outcome === 'applied' ? (undone ? 'undone' : 'applied') : o.outcome, text: o.message });
  };

  const apply = async (reloadSshd: boolean) => {
    if (!pending || busy) return;
    setBusy(true);
    setDialogError(null);
    try {
      const seen = pending.preview.seen;
      const o =
        pending.target === 'server'
          ? await api.invoke('server:apply', { ...(pending.request as ServerChange), seen, reload: reloadSshd })
          : await api.invoke('system:apply', { ...(pending.request as SystemChange), seen });
      setPending(null);
      finish(o, false);
      refocus();
    } catch (err) {
      setDialogError(errorData(err));
    } finally {
      setBusy(false);
    }
  };

  const undo = async (target: 'server' | 'system') => {
    const entry = target === 'server' ? server?.undo?.entry : client?.undo?.entry;
    if (!entry || busy) return;
    setBusy(true);
    setNotice(null);
    try {
      const o = target === 'server' ? await api.invoke('server:undo', { entry, reload: true }) : await api.invoke('system:undo', { entry });
      finish(o, true);
      requestAnimationFrame(() => noticeRef.current?.focus());
    } catch (err) {
      setNotice({ kind: 'error', error: errorData(err) });
      await reload();
    } finally {
      setBusy(false);
    }
  };

  return {
    noticeRef,
    client,
    server,
    loadError,
    pending,
    busy,
    dialogError,
    notice,
    setNotice,
    reload,
    start,
    apply,
    undo,
    cancel: () => {
      setPending(null);
      setDialogError(null);
      refocus();
    },
  };
}
