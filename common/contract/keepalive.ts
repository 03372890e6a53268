import { z } from 'zod';
import { ConfigSnapshot, ValueSource } from './hosts';

export const MIN_INTERVAL = 1;
export const MAX_INTERVAL = 86_400;
export const DEFAULT_INTERVAL = 60;
export const DEFAULT_NAT_TIMEOUT = 300;

export const Interval = z
  .number({ error: 'The interval must be a whole number of seconds' })
  .int('The interval must be a whole number of seconds')
  .min(MIN_INTERVAL, `The interval must be between ${MIN_INTERVAL} and ${MAX_INTERVAL} seconds`)
  .max(MAX_INTERVAL, `The interval must be between ${MIN_INTERVAL} and ${MAX_INTERVAL} seconds`);

export const CountMax = z
  .number({ error: 'ServerAliveCountMax must be a whole number' })
  .int('ServerAliveCountMax must be a whole number')
  .min(1, 'ServerAliveCountMax must be between 1 and 100')
  .max(100, 'ServerAliveCountMax must be between 1 and 100');

/**
 * Which block a switch manages: one Host block, `Host *` (created when missing), or a host name
 * (its own block if one names it, else a new `Host <name>` block placed where ssh reads it first).
 */
export const KeepaliveTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('block'), file: z.string().min(1), line: z.number().int().positive() }),
  z.object({ kind: z.literal('all') }),
  z.object({
    kind: z.literal('host'),
    name: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[^\s#"'!*?,=]+$/, 'A host name has no spaces, quotes, wildcards, commas, "=", "!" or "#"'),
  }),
]);
export type KeepaliveTarget = z.infer<typeof KeepaliveTarget>;

export const KeepaliveIntent = z.object({
  /** The root config (what `ssh -F` would get); '' = the platform default (~/.ssh/config). */
  configPath: z.string(),
  target: KeepaliveTarget,
  action: z.enum(['on', 'off']),
  interval: Interval.optional(),
  countMax: CountMax.optional(),
  /** When the direct edit would be a no-op, the id of an offered alternative the user chose. */
  alternative: z.string().max(64).optional(),
});
export type KeepaliveIntent = z.infer<typeof KeepaliveIntent>;

export const DiffLine = z.object({
  kind: z.enum(['context', 'add', 'remove']),
  /** Line numbers in the old / new file (1-based), absent for added / removed lines. */
  oldLine: z.number().int().optional(),
  newLine: z.number().int().optional(),
  text: z.string(),
});
export type DiffLine = z.infer<typeof DiffLine>;

export const FileEditPreview = z.object({
  file: z.string(),
  baseHash: z.string(),
  created: z.boolean(),
  diff: z.array(DiffLine),
});
export type FileEditPreview = z.infer<typeof FileEditPreview>;

export const Alternative = z.object({
  id: z.string(),
  label: z.string(),
  edits: z.array(FileEditPreview),
});
export type Alternative = z.infer<typeof Alternative>;

/**
 * Why a direct edit would do nothing: an earlier line decides the value (decidedBy names it), a
 * runtime-only Match could change it (never run or guessed), or OpenSSH never applies the block to
 * the host it was checked for (an Include under a block that does not match).
 */
export const BlockedReason = z.enum(['decided-earlier', 'runtime-condition', 'never-applies']);
export type BlockedReason = z.infer<typeof BlockedReason>;

export const KeepalivePreview = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('edit'),
    summary: z.string(),
    edits: z.array(FileEditPreview),
    /** What the change will and will not fix, host by host (keepalive for all hosts). */
    notes: z.array(z.string()).optional(),
  }),
  z.object({ kind: z.literal('noop'), summary: z.string() }),
  z.object({
    kind: z.literal('blocked'),
    reason: BlockedReason,
    /** The same in words, naming the deciding line. */
    summary: z.string(),
    decidedBy: ValueSource,
    alternatives: z.array(Alternative),
  }),
]);
export type KeepalivePreview = z.infer<typeof KeepalivePreview>;

export const ApplyRequest = KeepaliveIntent.extend({
  /** Hash of every file as the preview saw it: a different file on disk is a conflict. */
  baseHashes: z.record(z.string(), z.string()),
});
export type ApplyRequest = z.infer<typeof ApplyRequest>;

export const ApplyResult = z.object({
  snapshot: ConfigSnapshot,
  /** The change as written: "Keepalive for Host db: every 60 s." (the preview's summary). */
  summary: z.string(),
  /** For a terminal: the summary and that it applies to new connections only. */
  message: z.string(),
  changedFiles: z.array(z.string()),
});
export type ApplyResult = z.infer<typeof ApplyResult>;

export const UndoRequest = z.object({ configPath: z.string() });
export const UndoResult = z.object({
  snapshot: ConfigSnapshot,
  /** The change taken back, as a phrase (no closing full stop): "Keepalive for Host db: off". */
  undone: z.string(),
  /** For a terminal: "Undone: …" and that it applies to new connections only. */
  message: z.string(),
  restoredFiles: z.array(z.string()),
});
export type UndoResult = z.infer<typeof UndoResult>;
