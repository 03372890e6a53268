import type { EventName, EventOf } from '../../common/contract/channels';
import type { Handlers } from './kernel/dispatch';
import type { HandlerContext } from './kernel/context';
import { createHostsFeature } from './hosts/handlers';
import { createServerHandlers } from './system/handlers';
import { createProbeHandlers } from './probe/handlers';
import { createPuttyHandlers, type PuttyDeps } from './sessions/handlers';
import { createDiagnosisHandlers } from './diagnosis/handlers';
import { createEditorHandlers } from './editor/handlers';
import { createRemoteServerHandlers, type RemoteServerDeps } from './remote-server/handlers';

/**
 * The composition root: the one place that imports every feature's handlers and wires what one
 * feature needs of another (sessions reads hosts through the interface it declares), so no feature
 * folder imports another. Every shell (Electron IPC, the web host, the CLI) calls what this returns
 * through kernel/dispatch.
 */
/** How a shell pushes events to its renderer (web host: SSE; Electron: webContents.send). */
export type EmitEvent = <E extends EventName>(event: E, payload: EventOf<E>) => void;

export interface HandlerOptions {
  emit?: EmitEvent | undefined;
  /**
   * The command line only: the paths in its requests were typed by its user, so they may name any
   * file (a PuTTY session file, the probe's `ssh -F` config, server status's sshd_config). The
   * window and the web host leave it off: a request there may come from a compromised page.
   */
  pathsFromUser?: boolean;
  /** PuTTY/WinSCP: Wine's `reg` in tests. */
  sessions?: Pick<PuttyDeps, 'reg' | 'env'>;
  /** Server keepalive over ssh: the servers lab's network namespace and environment in tests. */
  remoteServer?: Pick<RemoteServerDeps, 'transport' | 'concurrency'>;
}

export function createHandlers(ctx: HandlerContext, options: HandlerOptions = {}): Handlers {
  const { emit } = options;
  const anyPath = options.pathsFromUser === true;
  const hosts = createHostsFeature(ctx);
  return {
    ...hosts.handlers,
    ...createServerHandlers(ctx, { anyPath }),
    // Progress is also readable with probe:status, so a shell without events still works.
    ...createProbeHandlers(ctx, { trustAnyConfig: anyPath, ...(emit ? { emit: (state) => emit('probe:progress', state) } : {}) }),
    ...createPuttyHandlers(ctx, { ...options.sessions, anyPath, hosts: hosts.lookups }),
    ...createDiagnosisHandlers(ctx, { anyPath, ...(emit ? { emit: (progress) => emit('diagnosis:progress', progress) } : {}) }),
    // Opens only files the config's own snapshot lists (and only where the shell can start an editor).
    ...createEditorHandlers(ctx, { anyPath, configFiles: async (configPath) => (await hosts.lookups.snapshot(configPath)).files }),
    ...createRemoteServerHandlers(ctx, {
      ...options.remoteServer,
      anyPath,
      ...(emit ? { emitProgress: (p) => emit('remote-server:progress', p), emitAnsible: (o) => emit('remote-server:ansible-output', o) } : {}),
    }),
  };
}
