import { z } from 'zod';
import { ConfigSnapshot } from './hosts';
import { ApplyRequest, ApplyResult, KeepaliveIntent, KeepalivePreview, UndoRequest, UndoResult } from './keepalive';
import { serverChannels } from './system';
import { probeChannels, probeEvents } from './probe';
import { puttyChannels } from './sessions';
import { diagnosisChannels, diagnosisEvents } from './diagnosis';
import { editorChannels } from './editor';
import { remoteServerChannels, remoteServerEvents } from './remote-server';
import { lookupChannels } from './lookup';

/**
 * The single source of truth for what the renderer may ask of the main process.
 * Every shell (Electron IPC, the loopback web host, the CLI) validates requests AND responses
 * against these schemas at runtime. Add a channel here, implement it in core/handlers, and every
 * shell serves it.
 */
export const HostsListRequest = z.object({
  /** '' = the platform default (~/.ssh/config). */
  configPath: z.string(),
  natTimeoutSeconds: z.number().int().min(1).max(7 * 86_400).optional(),
});

export const channels = {
  'hosts:list': { request: HostsListRequest, response: ConfigSnapshot },
  'keepalive:preview': { request: KeepaliveIntent, response: KeepalivePreview },
  'keepalive:apply': { request: ApplyRequest, response: ApplyResult },
  'keepalive:undo': { request: UndoRequest, response: UndoResult },
  ...lookupChannels,
  ...serverChannels,
  ...probeChannels,
  ...puttyChannels,
  ...diagnosisChannels,
  ...editorChannels,
  ...remoteServerChannels,
} as const;

export type Channels = typeof channels;
export type Channel = keyof Channels;
export type RequestOf<C extends Channel> = z.infer<Channels[C]['request']>;
export type ResponseOf<C extends Channel> = z.infer<Channels[C]['response']>;
export const channelNames = Object.keys(channels) as Channel[];

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(channels, name);
}

/** Events pushed from the main side to the renderer. */
export const events = {
  /** A watched config file changed on disk (another program, or us). */
  'config:changed': z.object({ configPath: z.string(), files: z.array(z.string()) }),
  ...probeEvents,
  ...diagnosisEvents,
  ...remoteServerEvents,
} as const;
export type EventName = keyof typeof events;
export type EventOf<E extends EventName> = z.infer<(typeof events)[E]>;
export const eventNames = Object.keys(events) as EventName[];

/** What `window.keepalive` (preload) and the web bridge both implement. */
export interface KeepaliveApi {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void;
  /** 'electron' or 'web': the renderer hides what only one shell can do. */
  readonly shell: 'electron' | 'web';
}
