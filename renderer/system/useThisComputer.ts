import { useCallback, useEffect, useMemo, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { AppErrorData } from '../../common/contract/errors';
import type { ServerStatus, SystemClientStatus } from '../../common/contract/system';
import { errorData } from '../api';
import { useChangeFlow } from '../ui/useChangeFlow';
import { systemOps, undoSystem, type SystemRequest } from './systemChange';

/** Status of both cards (every user's ssh, the SSH server), and the change flow that writes them. */
export function useThisComputer(api: KeepaliveApi) {
  const [client, setClient] = useState<SystemClientStatus | null>(null);
  const [server, setServer] = useState<ServerStatus | null>(null);
  const [loadError, setLoadError] = useState<AppErrorData | null>(null);

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

  const sink = useMemo(() => ({ server: setServer, system: setClient }), []);
  const ops = useMemo(() => systemOps(api, sink), [api, sink]);
  const flow = useChangeFlow(ops, reload);
  const { undo: runUndo } = flow;
  const undo = useCallback(
    (target: SystemRequest['target']) => {
      const entry = target === 'server' ? server?.undo?.entry : client?.undo?.entry;
      if (entry) void runUndo(() => undoSystem(api, target, entry, sink));
    },
    [api, sink, runUndo, server, client],
  );

  // Hides a change that can no longer be undone; no prompt: only the app's own note changes.
  const discard = useCallback(
    async (target: SystemRequest['target']) => {
      const entry = target === 'server' ? server?.undo?.entry : client?.undo?.entry;
      if (!entry) return;
      try {
        if (target === 'server') setServer(await api.invoke('server:discard-undo', { entry }));
        else setClient(await api.invoke('system:discard-undo', { entry }));
      } catch (err) {
        setLoadError(errorData(err));
      }
    },
    [api, server, client],
  );

  return { client, server, loadError, reload, flow, undo, discard: (target: SystemRequest['target']) => void discard(target) };
}

export type ThisComputer = ReturnType<typeof useThisComputer>;
