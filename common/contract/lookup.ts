import { z } from 'zod';
import { ConfigIssue, Route, ValueSource, Verdict } from './hosts';

/**
 * "Which settings apply to NAME?": any host name, including one only a wildcard or a Match
 * matches, resolved as `ssh -G NAME` does, with the line that decides each value and the blocks
 * that applied, in the order ssh read them.
 */
export const HostLookupRequest = z.object({
  /** '' = the platform default (~/.ssh/config). */
  configPath: z.string(),
  /** What the user would type after `ssh`: no spaces, quotes, wildcards or options. */
  name: z
    .string()
    .min(1, 'Type a host name')
    .max(255)
    .regex(/^[^\s#"'!*?,=-][^\s#"'!*?,=]*$/, 'A host name has no spaces, quotes, wildcards, commas, "=", "!" or "#", and does not start with "-"'),
  natTimeoutSeconds: z.number().int().min(1).max(7 * 86_400).optional(),
});
export type HostLookupRequest = z.infer<typeof HostLookupRequest>;

/** One line of a config file, as written (for showing which line decides). */
export const ConfigLine = z.object({ file: z.string(), line: z.number().int().nonnegative(), text: z.string() });
export type ConfigLine = z.infer<typeof ConfigLine>;

export const LookupSetting = z.object({
  /** As ssh_config(5) spells it: HostName, User, Port, ProxyJump, ServerAliveInterval, ... */
  keyword: z.string(),
  /** As `ssh -G` prints it ("none" where ssh prints nothing). */
  value: z.string(),
  source: ValueSource,
  /** The deciding line as written; absent for a default. */
  line: ConfigLine.optional(),
});
export type LookupSetting = z.infer<typeof LookupSetting>;

export const HostLookup = z.object({
  name: z.string(),
  configPath: z.string(),
  settings: z.array(LookupSetting),
  /** The header of every Host/Match block (or the lines before the first one) that applied, in order. */
  blocks: z.array(ConfigLine),
  /** The Host block whose patterns name NAME literally, if one does (what a switch for NAME edits). */
  ownBlock: z.object({ file: z.string(), line: z.number().int().positive() }).nullable(),
  decided: z.boolean(),
  undecidedReason: z.string().optional(),
  route: Route,
  verdict: Verdict,
  natTimeoutSeconds: z.number().int().positive(),
  /** Lines OpenSSH would reject (ssh -G would refuse the whole file). */
  issues: z.array(ConfigIssue),
});
export type HostLookup = z.infer<typeof HostLookup>;

export const lookupChannels = {
  'hosts:lookup': { request: HostLookupRequest, response: HostLookup },
} as const;
