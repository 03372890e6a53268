import { z } from 'zod';
import { KeepaliveValues, Verdict } from './host-row';
import { HostRows } from './host-table';

export * from './host-row';

/** A Match block of the user's config: its conditions and the keepalive lines under it (it is not a host). */
export const MatchBlockInfo = z.object({
  /** `${file}:${line}` of the Match line. */
  id: z.string(),
  file: z.string(),
  line: z.number().int().positive(),
  /** The criteria as written after `Match` ("host *.example.com exec \"test -f …\""). */
  criteria: z.string(),
  /** A condition only known when ssh connects (exec, canonical, final, localnetwork, tagged). */
  runtime: z.boolean(),
  /** The keepalive keywords it sets, values as written. */
  sets: z.array(z.object({ keyword: z.string(), value: z.string(), line: z.number().int().positive() })),
  /** The id of the first Host block read after it (null: after the last), for a list in file order. */
  before: z.string().nullable(),
});
export type MatchBlockInfo = z.infer<typeof MatchBlockInfo>;

export const ConfigIssue = z.object({
  severity: z.enum(['error', 'warning']),
  file: z.string(),
  line: z.number().int().nonnegative(),
  message: z.string(),
});
export type ConfigIssue = z.infer<typeof ConfigIssue>;

export const FileState = z.object({
  path: z.string(),
  exists: z.boolean(),
  /** sha256 of the bytes read ('' for a missing file): the base of every edit. */
  hash: z.string(),
});
export type FileState = z.infer<typeof FileState>;

export const ConfigSnapshot = z.object({
  configPath: z.string(),
  files: z.array(FileState),
  /** A HostTable on the wire (see host-table.ts), rows in code. */
  hosts: HostRows,
  /** The `Host *` switch: values for a host only wildcards match. */
  allHosts: z.object({
    block: z.object({ file: z.string(), line: z.number().int().positive() }).nullable(),
    sampleHost: z.string(),
    values: KeepaliveValues,
    keepaliveOn: z.boolean(),
    verdict: Verdict,
  }),
  natTimeoutSeconds: z.number().int().positive(),
  issues: z.array(ConfigIssue),
  /** The user's Match blocks (the core always sets it; absent only in snapshots made by hand). */
  matchBlocks: z.array(MatchBlockInfo).optional(),
  /** True when the newest undo backup of this config can be restored (its files are as the app left them). */
  canUndo: z.boolean(),
  /** What Undo would undo, when canUndo: the change's summary as a phrase (no closing full stop). */
  undoDescription: z.string().optional(),
});
export type ConfigSnapshot = z.infer<typeof ConfigSnapshot>;
