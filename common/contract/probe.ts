import { z } from 'zod';
import { AppErrorData } from './errors';

/**
 * "Measure my network": how long does the path to a host keep an idle SSH connection?
 * The app opens several connections (keepalive off), lets each idle for a different time, checks
 * which still answer and narrows the bound in rounds. Start returns at once; progress arrives as
 * `probe:progress` events, and `probe:status` answers the same state on request.
 */

/** Bounded: the longest idle tried, the number of connections, and the whole run (35 min). */
export const PROBE_MAX_IDLE_LIMIT = 1800;
export const PROBE_DEFAULT_MAX_IDLE = 1800;
export const PROBE_MAX_CONNECTIONS = 16;
export const PROBE_DEFAULT_CONNECTIONS = 8;
export const PROBE_DEADLINE_SECONDS = 35 * 60;

/** What `ssh` gets as its destination: an alias or [user@]host, never something ssh reads as an option. */
export const ProbeHost = z
  .string()
  .min(1, 'Name a host')
  .max(255)
  .regex(/^[A-Za-z0-9_.%:\[\]@+][A-Za-z0-9_.%:\[\]@+-]*$/, 'A host is a name from your config or [user@]host, without spaces, starting with a letter or digit');

export const ProbeStartRequest = z.object({
  /** The client config ssh reads ('' = the platform default), so aliases work as in a terminal. */
  configPath: z.string(),
  host: ProbeHost,
  maxIdleSeconds: z.number().int().min(2).max(PROBE_MAX_IDLE_LIMIT).default(PROBE_DEFAULT_MAX_IDLE),
  connections: z.number().int().min(2).max(PROBE_MAX_CONNECTIONS).default(PROBE_DEFAULT_CONNECTIONS),
  /** How long an answer may take before a connection counts as forgotten. */
  replyTimeoutSeconds: z.number().int().min(1).max(60).default(10),
});
export type ProbeStartRequest = z.input<typeof ProbeStartRequest>;

export const ProbeResult = z.object({
  /** The longest idle time a connection survived (0 when none was tried). */
  lowerSeconds: z.number().nonnegative(),
  /** The shortest idle time after which a connection was gone; null = none died up to maxIdleSeconds. */
  upperSeconds: z.number().positive().nullable(),
  recommendedInterval: z.number().int().positive(),
  /** False when the run stopped (time limit) before the bound was as narrow as asked. */
  complete: z.boolean(),
  /** "This network forgets idle connections after 240-300 s." */
  text: z.string(),
  /**
   * Present when the server itself closed idle probe connections (sshd ChannelTimeout for sessions,
   * UnusedConnectionTimeout for connections without one): its limit, never counted as the network's.
   */
  serverClose: z
    .object({
      sessionSeconds: z.number().nonnegative().nullable(),
      connectionSeconds: z.number().nonnegative().nullable(),
      /** False: no connection outlives the server's limit, so the network was not measured past it. */
      measurable: z.boolean(),
      message: z.string(),
    })
    .optional(),
});
export type ProbeResult = z.infer<typeof ProbeResult>;

/**
 * Why ssh could not open a probe connection, so the window can say the next step without reading
 * ssh's words: `login` (no key or agent login without a prompt: `ssh-copy-id HOST`), `host-key`
 * (the host's key is not known or changed: `ssh HOST` once in a terminal), `unreachable` (no answer,
 * refused, unknown name: check that `ssh HOST` works in a terminal).
 */
export const SshFailure = z.enum(['login', 'host-key', 'unreachable']);
export type SshFailure = z.infer<typeof SshFailure>;

/**
 * Why the time left grew: `another-round` (the bound needs narrowing again), `longer-than-guessed`
 * (a connection outlived the first guess: the timeout is longer), `slower-than-planned` (the round
 * takes longer than planned, e.g. slow connections).
 */
export const TimeLeftReason = z.enum(['another-round', 'longer-than-guessed', 'slower-than-planned']);
export type TimeLeftReason = z.infer<typeof TimeLeftReason>;

export const ProbeStatus = z.enum(['running', 'done', 'failed', 'cancelled']);
export type ProbeStatus = z.infer<typeof ProbeStatus>;

export const ProbeState = z.object({
  probeId: z.string(),
  host: z.string(),
  status: ProbeStatus,
  /** Grows with every change, so a listener can drop a stale state. */
  version: z.number().int().nonnegative(),
  elapsedSeconds: z.number().nonnegative(),
  /** An estimate: the rest of this round plus the rounds still needed. It never grows without timeLeftGrew saying why. */
  timeLeftSeconds: z.number().nonnegative(),
  /** The last time the estimate grew: by how much and why; null while it only went down. */
  timeLeftGrew: z.object({ bySeconds: z.number().nonnegative(), reason: TimeLeftReason }).nullable(),
  round: z.number().int().nonnegative(),
  openConnections: z.number().int().nonnegative(),
  lowerSeconds: z.number().nonnegative(),
  upperSeconds: z.number().positive().nullable(),
  maxIdleSeconds: z.number().positive(),
  result: ProbeResult.nullable(),
  error: AppErrorData.nullable(),
  /** With a failed run: why ssh could not connect, when that is known. */
  sshFailure: SshFailure.nullable(),
});
export type ProbeState = z.infer<typeof ProbeState>;

export const ProbeIdRequest = z.object({ probeId: z.string().min(1).max(64) });

export const probeChannels = {
  'probe:start': { request: ProbeStartRequest, response: ProbeState },
  'probe:status': { request: ProbeIdRequest, response: ProbeState },
  'probe:cancel': { request: ProbeIdRequest, response: ProbeState },
} as const;

export const probeEvents = {
  'probe:progress': ProbeState,
} as const;
