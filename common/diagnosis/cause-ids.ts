import { z } from 'zod';

/**
 * Every reason an idle SSH session ends, by the names issue 13 fixes for the CLI's --json output and
 * the window alike. `network-change` comes only from `explain` (a message says it, nothing on a
 * server shows it); `unknown` is what is left when nothing can be told.
 */
export const CAUSE_IDS = [
  'nat-idle',
  'shell-tmout',
  'sshd-channel-timeout',
  'sshd-unused-connection-timeout',
  'logind-idle',
  'jump-hop-unprotected',
  'client-keepalive-timeout',
  'server-keepalive-timeout',
  'network-change',
  'unknown',
] as const;

export const CauseId = z.enum(CAUSE_IDS);
export type CauseId = z.infer<typeof CauseId>;
