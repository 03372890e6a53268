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
export function createHandlers(ctx: HandlerContext): Handlers {
  const client = new ClientConfigService(ctx);
  return {
    'hosts:list': (req) => client.snapshot(req.configPath, req.natTimeoutSeconds),
    'keepalive:preview': async (req) => client.preview(req),
    'keepalive:apply': (req) => client.apply(req),
    'keepalive:undo': (req) => client.undo(req.configPath),
    ...createServerHandlers(ctx),
    ...createProbeHandlers(ctx),
    ...createPuttyHandlers(ctx),
  };
}
