import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { AppErrorData } from '../../common/contract/errors';
import type { ConfigSnapshot } from '../../common/contract/hosts';
import type { FileEditPreview, KeepaliveIntent } from '../../common/contract/keepalive';
import { errorData } from '../api';
import type { PendingChange } from './PreviewDialog';

export const APPLIES_TO_NEW = 'Applies to new connections; open sessions keep their settings until they reconnect.';

export type Notice =
  | { kind: 'applied'; text: string; files: string[] }
  | { kind: 'undone'; text: string; files: string[] }
  | { kind: 'conflict'; text: string }
  | { kind: 'error'; error: AppErrorData };

interface Pending extends PendingChange {
  intent: KeepaliveIntent;
}

/** Preview -> (dialog) -> apply, and undo: the whole life of one change, with its messages. */
export function useKeepaliveChange(api: KeepaliveApi, replace: (s: ConfigSnapshot) => void, reload: () => Promise<void>) {
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<AppErrorData | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  // One change at a time; the controls stay enabled (a disabled button drops keyboard focus).
  const inFlight = useRef(false);
  // Where focus goes back to when the dialog closes: the switch that opened it.
  const opener = useRef<HTMLElement | null>(null);
  // After the commit that removed the dialog: until then the page behind the modal is inert and
  // focus() does nothing (a requestAnimationFrame could run first and leave focus on <body>).
  const [focusBack, setFocusBack] = useState(0);
  const refocus = () => setFocusBack((n) => n + 1);
  useEffect(() => {
    const el = opener.current;
    opener.current = null;
    if (focusBack && el?.isConnected) el.focus();
  }, [focusBack]);

  const start = useCallback(
    async (intent: KeepaliveIntent, title: string) => {
      if (inFlight.current) return;
      inFlight.current = true;
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setBusy(true);
      setDialogError(null);
      try {
        const preview = await api.invoke('keepalive:preview', intent);
        setPending({ intent, title, preview });
      } catch (err) {
        setNotice({ kind: 'error', error: errorData(err) });
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
    [api],
  );

  const apply = useCallback(
    async (edits: FileEditPreview[], alternative: string | undefined) => {
      if (!pending || inFlight.current) return;
      inFlight.current = true;
      setBusy(true);
      setDialogError(null);
      const baseHashes = Object.fromEntries(edits.map((e) => [e.file, e.baseHash]));
      try {
        const result = await api.invoke('keepalive:apply', { ...pending.intent, ...(alternative ? { alternative } : {}), baseHashes });
        replace(result.snapshot);
        setPending(null);
        setNotice({ kind: 'applied', text: appliedText(result.message), files: result.changedFiles });
        refocus();
      } catch (err) {
        const data = errorData(err);
        if (data.code === 'conflict') {
          setPending(null);
          setNotice({
            kind: 'conflict',
            text: conflictText(data.message),
          });
          await reload();
          refocus();
        } else {
          setDialogError(data);
        }
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
    [api, pending, replace, reload],
  );

  const undo = useCallback(
    async (configPath: string) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setBusy(true);
      try {
        const result = await api.invoke('keepalive:undo', { configPath });
        replace(result.snapshot);
        setNotice({ kind: 'undone', text: undoneText(result.message), files: result.restoredFiles });
      } catch (err) {
        setNotice({ kind: 'error', error: errorData(err) });
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
    [api, replace],
  );

  /**
   * The file changed on disk while the dialog was open: preview the same change again, on the
   * block as it is now (`follow` finds it again; null = it is gone).
   */
  const refresh = useCallback(
    async (follow: (intent: KeepaliveIntent) => KeepaliveIntent | null) => {
      if (!pending || inFlight.current) return;
      const intent = follow(pending.intent);
      if (!intent) {
        setDialogError({ code: 'not-found', message: 'The Host block this change was for is no longer in the file. Cancel, check the file and try again.' });
        return;
      }
      inFlight.current = true;
      setBusy(true);
      setDialogError(null);
      try {
        const preview = await api.invoke('keepalive:preview', intent);
        setPending({ ...pending, intent, preview });
      } catch (err) {
        setDialogError(errorData(err));
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
    [api, pending],
  );

  const cancel = useCallback(() => {
    setPending(null);
    setDialogError(null);
    refocus();
  }, []);

  return { pending, busy, dialogError, notice, setNotice, start, apply, undo, refresh, cancel };
}

/** True when a file the preview edits no longer has the hash the preview was made from. */
export function previewIsStale(preview: PendingChange['preview'], files: { path: string; hash: string }[]): boolean {
  const edits = preview.kind === 'edit' ? preview.edits : preview.kind === 'blocked' ? preview.alternatives.flatMap((a) => a.edits) : [];
  return edits.some((e) => {
    const now = files.find((f) => f.path === e.file);
    return now !== undefined && now.hash !== e.baseHash;
  });
}

/** The handler's message, with the reconnect caveat added if it does not already say it. */
function appliedText(message: string): string {
  if (/new connections/i.test(message)) return message;
  return message ? `${message.replace(/\.?\s*$/, '.')} ${APPLIES_TO_NEW}` : APPLIES_TO_NEW;
}

/**
 * The bar leads with "Undone."; the handler says "Undone: Keepalive for Host db: off. …", which
 * after that lead read as if db were off now. Name the change as the one taken back.
 */
export function undoneText(message: string): string {
  return message.replace(/^Undone:\s*(.+?)\.(\s|$)/i, '“$1” is reverted.$2');
}

/** The handler's refusal, made sure to say that nothing was written and what to do next. */
function conflictText(message: string): string {
  const base = message.trim().replace(/\.?$/, '.');
  const written = /nothing was written/i.test(base) ? '' : ' Nothing was written.';
  const shown = /reloaded/i.test(base) ? '' : ' The view now shows the file as it is on disk.';
  return `${base}${written}${shown} Check it and try again.`;
}
