import type { EventName, EventOf } from '../contract/channels';
import type { Handlers } from './dispatch';
import type { HandlerContext } from './context';
import { ClientConfigService } from './ssh-client';
import { createServerHandlers } from './server-handlers';
import { createProbeHandlers } from './probe-handlers';
import { createPuttyHandlers } from './putty-handlers';

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
