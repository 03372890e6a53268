import type { ConfigSnapshot, HostRow } from '../../../common/contract/hosts';
import { DEFAULT_NAT_TIMEOUT } from '../../../common/contract/keepalive';
import type { HandlerContext } from '../kernel/context';
import type { Handler } from '../kernel/dispatch';
import { resolveHost } from '../openssh/resolve';
import { hostRowFor } from './hosts';
import { ClientConfigService } from './service';

export type HostsChannel = 'hosts:list' | 'hosts:lookup' | 'keepalive:preview' | 'keepalive:apply' | 'keepalive:undo';

/** The effective settings of one host name, as `ssh -G NAME` computes them. */
export type HostSettings = Pick<HostRow, 'values' | 'connection' | 'decided' | 'undecidedReason'>;

/**
 * What other features may read of the user's OpenSSH config. They never import this folder: each
 * declares the interface it needs and core/handlers.ts hands it these functions.
 */
export interface HostLookups {
  snapshot(configPath: string): Promise<ConfigSnapshot>;
  /** One user Host block's row by its id (`file:line`) without resolving the whole file; null if none. */
  hostRow(configPath: string, hostId: string): HostRow | null;
  /** Resolves any name against that config as `ssh -G NAME` would. */
  resolver(configPath: string): (name: string) => HostSettings;
}

export interface HostsFeature {
  handlers: { [C in HostsChannel]: Handler<C> };
  lookups: HostLookups;
}

/**
 * The user's ~/.ssh/config behind the contract: list, preview, apply, undo. One service (and so one
 * parsed-file cache) serves both the channels and the lookups.
 */
export function createHostsFeature(ctx: HandlerContext): HostsFeature {
  const client = new ClientConfigService(ctx);
  const handlers: HostsFeature['handlers'] = {
    'hosts:list': (req) => client.list(req.configPath, req.natTimeoutSeconds),
    'hosts:lookup': async (req) => client.lookup(req),
    'keepalive:preview': async (req) => client.preview(req),
    'keepalive:apply': (req) => client.apply(req),
    'keepalive:undo': (req) => client.undo(req.configPath),
  };
  const lookups: HostLookups = {
    snapshot: (configPath) => client.snapshot(configPath),
    // Opening one host's panel resolves that host only, not the whole file (10k hosts: ~1 ms vs ~100 ms).
    hostRow: (configPath, hostId) => {
      const { model, input } = client.load(configPath);
      const block = model.hostBlocks.find((b) => `${b.file}:${b.line}` === hostId && model.fileKinds.get(b.file) === 'user');
      return block ? hostRowFor(model, block, input.env, DEFAULT_NAT_TIMEOUT) : null;
    },
    resolver: (configPath) => {
      const { model, input } = client.load(configPath);
      return (name) => resolveHost(model, name, input.env);
    },
  };
  return { handlers, lookups };
}
