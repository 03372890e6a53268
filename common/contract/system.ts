import { z } from 'zod';
import { FileState, ValueSource } from './hosts';
import { DiffLine, Interval } from './keepalive';

/**
 * The "This computer" section: system-wide client keepalive (/etc/ssh/ssh_config) and the SSH
 * server's keepalive (sshd_config). Reads happen in the app; every change goes through the
 * privileged helper as an intent (see docs/privileged-helper.md).
 */
export const SystemPlatform = z.enum(['linux', 'darwin', 'win32', 'other']);

export const SystemSetting = z.object({
  /** As the man page spells it: ClientAliveInterval, ServerAliveInterval, TCPKeepAlive, ... */
  keyword: z.string(),
  /** The effective value as OpenSSH prints it (`60`, `yes`); for sshd: what `sshd -T` reports. */
  value: z.string(),
  source: ValueSource,
});
export type SystemSetting = z.infer<typeof SystemSetting>;

/** A block that sets a keepalive value for some connections only (sshd Match, ssh Host/Match). */
export const ConditionalSetting = z.object({
  file: z.string(),
  line: z.number().int().positive(),
  /** The block header as written: `Match User bob`, `Host slow.example`. */
  block: z.string(),
  keyword: z.string(),
  value: z.string(),
});
export type ConditionalSetting = z.infer<typeof ConditionalSetting>;

export const UndoInfo = z.object({
  entry: z.string(),
  description: z.string(),
  createdAt: z.string(),
  /** Why it can no longer be undone (a file changed since the app wrote it): shown as history, with Discard. */
  stale: z.string().optional(),
});
export type UndoInfo = z.infer<typeof UndoInfo>;

const statusBase = {
  platform: SystemPlatform,
  /** False where changes are not supported yet; `note` says why in plain words. */
  supported: z.boolean(),
  note: z.string(),
  configPath: z.string(),
  settings: z.array(SystemSetting),
  keepaliveOn: z.boolean(),
  conditional: z.array(ConditionalSetting),
  /** The file a change would be written to (a drop-in or the main file). */
  writeTarget: z.string(),
  files: z.array(FileState),
  /** A problem reading the config (sshd -t/-T rejected it, a line OpenSSH rejects). */
  problem: z.string().nullable(),
  undo: UndoInfo.nullable(),
};

export const SystemClientStatus = z.object(statusBase);
export type SystemClientStatus = z.infer<typeof SystemClientStatus>;

export const ServerStatus = z.object({
  ...statusBase,
  /** False when no sshd is installed: the card is hidden. */
  installed: z.boolean(),
  /** How sshd is told to re-read its config here: `systemctl reload ssh`, ... */
  reloadCommand: z.string(),
});
export type ServerStatus = z.infer<typeof ServerStatus>;

export const ServerCountMax = z
  .number({ error: 'ClientAliveCountMax must be a whole number' })
  .int('ClientAliveCountMax must be a whole number')
  .min(0, 'ClientAliveCountMax must be between 0 and 100')
  .max(100, 'ClientAliveCountMax must be between 0 and 100');

export const ServerChange = z.object({
  action: z.enum(['on', 'off']),
  interval: Interval.optional(),
  countMax: ServerCountMax.optional(),
});
export type ServerChange = z.infer<typeof ServerChange>;

export const SystemChange = z.object({ action: z.enum(['on', 'off']), interval: Interval.optional() });
export type SystemChange = z.infer<typeof SystemChange>;

export const SystemFileEdit = z.object({
  file: z.string(),
  created: z.boolean(),
  deleted: z.boolean(),
  diff: z.array(DiffLine),
});
export type SystemFileEdit = z.infer<typeof SystemFileEdit>;

/** File path -> sha256 the preview read ('' = missing): the helper refuses if any differs. */
export const SeenHashes = z.record(z.string(), z.string().regex(/^([0-9a-f]{64})?$/));

export const SystemPreview = z.object({
  kind: z.enum(['edit', 'noop']),
  summary: z.string(),
  notes: z.array(z.string()),
  edits: z.array(SystemFileEdit),
  seen: SeenHashes,
});
export type SystemPreview = z.infer<typeof SystemPreview>;

export const ServerApplyRequest = ServerChange.extend({ seen: SeenHashes, reload: z.boolean() });
export type ServerApplyRequest = z.infer<typeof ServerApplyRequest>;
export const SystemApplyRequest = SystemChange.extend({ seen: SeenHashes });
export type SystemApplyRequest = z.infer<typeof SystemApplyRequest>;

export const ReloadOutcome = z.object({ done: z.boolean(), command: z.string(), message: z.string() });

const outcome = {
  /** 'cancelled' = the user dismissed the OS prompt: a normal outcome, nothing changed. */
  outcome: z.enum(['applied', 'cancelled', 'nothing']),
  message: z.string(),
  changedFiles: z.array(z.string()),
  /** True when `sshd -t` accepted the result (client changes: the lexer and `ssh -G`). */
  validated: z.boolean(),
  reload: ReloadOutcome.nullable(),
};
export const ServerOutcome = z.object({ ...outcome, status: ServerStatus });
export type ServerOutcome = z.infer<typeof ServerOutcome>;
export const SystemOutcome = z.object({ ...outcome, status: SystemClientStatus });
export type SystemOutcome = z.infer<typeof SystemOutcome>;

export const SystemUndoRequest = z.object({ entry: z.string().min(1).max(100) });
export const ServerUndoRequest = SystemUndoRequest.extend({ reload: z.boolean() });
export const EmptyRequest = z.object({});
/**
 * `sshdConfigPath`: read another sshd_config than /etc/ssh/sshd_config. Only the command line may
 * (`server status --sshd-config FILE`, a file its user typed); the window and the web host refuse it.
 */
export const ServerStatusRequest = z.object({ sshdConfigPath: z.string().min(1).max(4096).optional() });

export const serverChannels = {
  'server:status': { request: ServerStatusRequest, response: ServerStatus },
  'server:preview': { request: ServerChange, response: SystemPreview },
  'server:apply': { request: ServerApplyRequest, response: ServerOutcome },
  'server:undo': { request: ServerUndoRequest, response: ServerOutcome },
  'system:status': { request: EmptyRequest, response: SystemClientStatus },
  'system:preview': { request: SystemChange, response: SystemPreview },
  'system:apply': { request: SystemApplyRequest, response: SystemOutcome },
  'system:undo': { request: SystemUndoRequest, response: SystemOutcome },
  /** Stop showing a change that can no longer be undone (the backup stays where the helper keeps it). */
  'server:discard-undo': { request: SystemUndoRequest, response: ServerStatus },
  'system:discard-undo': { request: SystemUndoRequest, response: SystemClientStatus },
} as const;
