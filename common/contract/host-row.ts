import { z } from 'zod';

/** One host row of a ConfigSnapshot and what it is made of (hosts.ts re-exports all of it). */

/** Where an effective value comes from: a line of a config file, or OpenSSH's built-in default. */
export const ValueSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('line'), file: z.string(), line: z.number().int().positive() }),
  z.object({ kind: z.literal('default') }),
]);
export type ValueSource = z.infer<typeof ValueSource>;

const effective = <T extends z.ZodType>(value: T) => z.object({ value, source: ValueSource });

export const KeepaliveValues = z.object({
  serverAliveInterval: effective(z.number().int().nonnegative()),
  serverAliveCountMax: effective(z.number().int()),
  tcpKeepAlive: effective(z.boolean()),
});
export type KeepaliveValues = z.infer<typeof KeepaliveValues>;

/** Connection settings PuTTY/WinSCP need, as `ssh -G` would report them. */
export const ConnectionValues = z.object({
  hostName: z.string(),
  port: z.number().int(),
  user: z.string(),
  identityFiles: z.array(z.string()),
  proxyJump: z.string().nullable(),
  proxyCommand: z.string().nullable(),
});
export type ConnectionValues = z.infer<typeof ConnectionValues>;

/**
 * What a verdict rests on, as data (seconds). Its text is made from these by one function
 * (common/nat/verdict.ts verdictText), so a view can lay it out without reading the sentence.
 */
export const VerdictFacts = z.discriminatedUnion('kind', [
  /**
   * Our keepalive (ServerAliveInterval) crosses the NAT in time; `via`: the jump host whose
   * connection sends it (the host's traffic crosses the NAT inside that connection).
   */
  z.object({ kind: z.literal('keepalive'), interval: z.number(), via: z.string().optional() }),
  /** The server's (ClientAliveInterval) does. */
  z.object({ kind: z.literal('server-keepalive'), interval: z.number() }),
  /** Only TCP keepalive, because this NAT waits longer than its first probe. */
  z.object({ kind: z.literal('tcp-keepalive'), afterSeconds: z.number(), natTimeoutSeconds: z.number() }),
  /** ServerAliveCountMax ends the session itself. */
  z.object({ kind: z.literal('count-max'), countMax: z.number(), afterSeconds: z.number() }),
  /** A keepalive, but slower than the NAT forgets. */
  z.object({ kind: z.literal('too-slow'), interval: z.number(), afterSeconds: z.number() }),
  z.object({ kind: z.literal('no-keepalive'), afterSeconds: z.number() }),
  /** Reached through a ProxyCommand the app cannot follow, and the host's own keepalive does not protect it. */
  z.object({ kind: z.literal('unknown'), via: z.string(), reason: z.string() }),
]);
export type VerdictFacts = z.infer<typeof VerdictFacts>;

export const Verdict = z.object({
  protected: z.boolean(),
  /** "protected: keepalive every 60 s" / "unprotected: an idle session dies after 5 min behind this NAT" */
  text: z.string(),
  /** Always set by the core; absent only in rows a test or bench makes by hand. */
  facts: VerdictFacts.optional(),
});
export type Verdict = z.infer<typeof Verdict>;

/**
 * One jump host on the way to a host (client side first), as `ssh -G -l USER -p PORT ALIAS` resolves
 * it: the jump connection reads the jump host's own block, never the target's.
 */
export const RouteHop = z.object({
  alias: z.string(),
  hostName: z.string(),
  port: z.number().int(),
  user: z.string(),
  via: z.enum(['ProxyJump', 'ProxyCommand']),
  serverAliveInterval: z.number().int().nonnegative(),
  serverAliveCountMax: z.number().int(),
  tcpKeepAlive: z.boolean(),
  /** False when a runtime Match could change the hop's values. */
  decided: z.boolean(),
});
export type RouteHop = z.infer<typeof RouteHop>;

/**
 * How ssh reaches a host: directly, through jump hosts (ProxyJump lists, -J chains, ProxyCommand
 * `ssh -W`), or through a ProxyCommand the app cannot follow (`unknown`, with why).
 */
export const Route = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('direct') }),
  z.object({ kind: z.literal('jumps'), hops: z.array(RouteHop).min(1) }),
  z.object({ kind: z.literal('unknown'), via: z.string(), reason: z.string() }),
]);
export type Route = z.infer<typeof Route>;

export const HostRow = z.object({
  /** `${file}:${line}` of the Host line: stable while the file is unchanged. */
  id: z.string(),
  /** The block's patterns as written on its Host line. */
  pattern: z.string(),
  file: z.string(),
  line: z.number().int().positive(),
  /** The host name the values were computed for (the first positive pattern, or a name only wildcards match). */
  sampleHost: z.string(),
  values: KeepaliveValues,
  connection: ConnectionValues,
  /** False when a runtime condition (Match exec, canonical, final, localnetwork, tagged) could change the values. */
  decided: z.boolean(),
  undecidedReason: z.string().optional(),
  keepaliveOn: z.boolean(),
  verdict: Verdict,
  /** How ssh reaches the sample host; the core always sets it (absent only in rows made by hand). */
  route: Route.optional(),
});
export type HostRow = z.infer<typeof HostRow>;
