import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { AppErrorData } from '../../common/contract/errors';
import type { RemoteServerStatus } from '../../common/contract/remote-server';
import { errorData } from '../api';
import { useChangeFlow } from '../ui/useChangeFlow';
import { remoteOps, undoRemote, type RemoteSink } from './remoteChange';
import { usePasswordPrompt } from './usePasswordPrompt';

/**
 * One server's sshd keepalive in a panel: its status (read over ssh when asked), the change flow
 * that previews, writes and undoes there, the sudo password dialog, and the administrator's lines
 * when the login may not use sudo. A status that arrives for another host than the one shown now
 * (the field was edited meanwhile) is dropped.
 */
export function useRemoteServer(api: KeepaliveApi, configPath: string, host: string) {
  const [status, setStatus] = useState<RemoteServerStatus | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<AppErrorData | null>(null);
  const [admin, setAdmin] = useState<string | null>(null);
  const password = usePasswordPrompt();
  const shown = useRef(host);
  shown.current = host;

  const load = useCallback(async () => {
    const asked = shown.current;
    if (!asked) return;
    setLoading(true);
    try {
      const s = await api.invoke('remote-server:status', { configPath, host: asked });
      if (shown.current !== asked) return;
      setStatus(s);
      setLoadError(null);
    } catch (err) {
      if (shown.current !== asked) return;
      setStatus(null);
      setLoadError(errorData(err));
    } finally {
      setLoading(false);
    }
  }, [api, configPath]);

  // A status belongs to one host: typing another one clears it until it is read.
  useEffect(() => {
    setStatus(null);
    setLoadError(null);
    setAdmin(null);
  }, [host]);

  const sink: RemoteSink = useMemo(() => ({ admin: setAdmin, changed: () => void load() }), [load]);
  const ops = useMemo(() => remoteOps(api, configPath, password.ask, sink), [api, configPath, password.ask, sink]);
  const flow = useChangeFlow(ops, load);
  const { undo: runUndo } = flow;
  const undo = useCallback(() => {
    const entry = status?.undo?.entry;
    if (entry) void runUndo(() => undoRemote(api, configPath, host, entry, password.ask, sink));
  }, [api, configPath, host, status, password.ask, sink, runUndo]);

  return { status, loading, loadError, load, flow, undo, admin, password: password.request };
}

export type RemoteServerState = ReturnType<typeof useRemoteServer>;
