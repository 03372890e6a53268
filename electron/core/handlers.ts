import type { EventName, EventOf } from '../../common/contract/channels';
import type { Handlers } from './kernel/dispatch';
import type { HandlerContext } from './kernel/context';
import { ClientConfigService } from './hosts';
import { createServerHandlers } from './system/handlers';
import { createProbeHandlers } from './probe/handlers';
import { createPuttyHandlers } from './sessions/handlers';

/**
 * Implements every channel of the contract on top of core: the one place all shells (Electron IPC,
 * the web host, the CLI) call. Feature areas contribute their part with create<Feature>Handlers(ctx).
 */
/** How a shell pushes events to its renderer (web host: SSE; Electron: webContents.send). */
export type EmitEvent = <E extends EventName>(event: E, payload: EventOf<E>) => void;

export function createHandlers(ctx: HandlerContext, emit?: EmitEvent): Handlers {
  const client = new ClientConfigService(ctx);
  return {
    'hosts:list': (req) => client.snapshot(req.configPath, req.natTimeoutSeconds),
    'keepalive:preview': async (req) => client.preview(req),
    'keepalive:apply': (req) => client.apply(req),
    'keepalive:undo': (req) => client.undo(req.configPath),
    ...createServerHandlers(ctx),
    // Progress is also readable with probe:status, so a shell without events still works.
    ...createProbeHandlers(ctx, emit ? { emit: (state) => emit('probe:progress', state) } : {}),
    ...createPuttyHandlers(ctx, { client }),
  };
}
