import { useEffect, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { AppErrorData } from '../../common/contract/errors';
import type { HostRow } from '../../common/contract/hosts';
import type { PuttyMapping } from '../../common/contract/sessions';
import { errorData } from '../api';

/** A host's PuTTY session and WinSCP site, mapped again whenever the host's values change. */
export function usePuttyMapping(api: KeepaliveApi, host: HostRow, configPath: string) {
  const [mapping, setMapping] = useState<PuttyMapping | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const key = JSON.stringify([configPath, host.id, host.values, host.connection]);
  useEffect(() => {
    let live = true;
    setError(null);
    api.invoke('putty:mapping', { configPath, hostId: host.id }).then(
      (m) => live && setMapping(m),
      (err: unknown) => live && setError(errorData(err)),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key]);
  return { mapping, error };
}

/** Where sessions can be written here: the Windows registry (HKCU), and PuTTY's sessions folder on Unix. */
export function useSessionPlaces(api: KeepaliveApi) {
  const [registry, setRegistry] = useState(false);
  const [unixDir, setUnixDir] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.invoke('putty:sources', {}).then(
      (r) => {
        if (!live) return;
        setRegistry(r.registryAvailable);
        setUnixDir(r.options.find((o) => o.source.kind === 'unix-default')?.detail ?? null);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  return { registry, unixDir };
}
