import { z } from 'zod';
import { CauseId } from './cause-ids';

/**
 * The shapes a diagnosis is made of, as zod schemas so the IPC contract and the CLI's --json can
 * validate them on both sides. `diagnose --json` prints a DiagnosisReport.
 */

const seconds = z.number().nonnegative();
const count = z.number().int().nonnegative();

/** Which idle sessions a cause ends: an interactive shell, a remote command, or a connection with no session (`ssh -N`, an idle ControlMaster). */
export const SessionKind = z.enum(['shell', 'command', 'tunnel']);
export type SessionKind = z.infer<typeof SessionKind>;

/** What the app itself can change with one click (the rest is text for a person). */
export const FixAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('client-keepalive'), host: z.string(), interval: z.number().int().positive() }),
  z.object({ kind: z.literal('server-keepalive'), interval: z.number().int().positive() }),
]);
export type FixAction = z.infer<typeof FixAction>;

export const Fix = z.object({
  text: z.string(),
  /** Who can make it: the app (a button), you (a line in your own files), or the server's administrator. */
  by: z.enum(['app', 'you', 'administrator', 'nobody']),
  action: FixAction.nullable(),
});
export type Fix = z.infer<typeof Fix>;

export const Cause = z.object({
  id: CauseId,
  /** It ends an idle interactive session at the current settings. */
  kills: z.boolean(),
  /** Idle seconds until it acts; null when that depends on something unknown. */
  afterSeconds: seconds.nullable(),
  appliesTo: z.array(SessionKind),
  /** Would a keepalive (ServerAliveInterval / ClientAliveInterval) prevent it? */
  keepaliveHelps: z.boolean(),
  summary: z.string(),
  /** What it was read from: file:line, the command's output, or the measurement. */
  evidence: z.string(),
  fix: Fix,
});
export type Cause = z.infer<typeof Cause>;

export const ConfigLine = z.object({ file: z.string(), line: z.number().int().positive(), text: z.string() });
export type ConfigLine = z.infer<typeof ConfigLine>;

export const ServerFacts = z.object({
  /** "OpenSSH_9.2p1 Debian-2+deb12u10" as the server announces itself; null when not OpenSSH. */
  version: z.string().nullable(),
  clientAliveInterval: count.nullable(),
  clientAliveCountMax: count.nullable(),
  tcpKeepAlive: z.boolean().nullable(),
  /** As `sshd -T` prints it ("session:*=5m"); null when unset or unknown (see source). */
  channelTimeout: z.string().nullable(),
  unusedConnectionTimeout: count.nullable(),
  source: z.enum(['sshd -T', 'measured', 'unknown']),
  /** Why the values are unknown or only measured, in one sentence; null when sshd -T answered. */
  reason: z.string().nullable(),
  /** Keepalive-related lines of the server's config files (those the user may read). */
  configLines: z.array(ConfigLine),
});
export type ServerFacts = z.infer<typeof ServerFacts>;

export const ShellFacts = z.object({
  /** The login shell (passwd), null when unknown. */
  path: z.string().nullable(),
  /** The idle logout in seconds (TMOUT, or csh autologout minutes x 60); null when none. */
  tmout: seconds.nullable(),
  readonly: z.boolean(),
  variable: z.enum(['TMOUT', 'autologout']).nullable(),
  /** Extra time after the timeout before the shell exits (ksh93 warns, then waits 60 s). */
  graceSeconds: seconds,
  /** Where TMOUT/autologout is set, in the files the user may read. */
  lines: z.array(ConfigLine),
  /** Why tmout is unknown (a shell the diagnosis cannot read), else null. */
  reason: z.string().nullable(),
});
export type ShellFacts = z.infer<typeof ShellFacts>;

export const LogindFacts = z.object({
  /** null: infinity (off). */
  stopIdleSessionSec: seconds.nullable(),
  /** "loginctl" or "logind.conf". */
  source: z.string(),
  /** Does this login get a logind session at all (XDG_SESSION_ID)? null when unknown. */
  registered: z.boolean().nullable(),
  systemdVersion: count.nullable(),
});
export type LogindFacts = z.infer<typeof LogindFacts>;

export const ClientFacts = z.object({
  serverAliveInterval: count,
  serverAliveCountMax: count,
  tcpKeepAlive: z.boolean(),
});
export type ClientFacts = z.infer<typeof ClientFacts>;

/** One jump on the way, in the order the connection passes them (client first). */
export const Hop = z.object({
  name: z.string(),
  hostName: z.string().nullable(),
  port: z.number().int().nullable(),
  user: z.string().nullable(),
  via: z.enum(['ProxyJump', 'ProxyCommand']),
  /** The ProxyCommand itself (a program the diagnosis cannot look into). */
  command: z.string().nullable(),
  /** This hop's own ssh keepalive (`ssh -G HOP`); null for a ProxyCommand. */
  serverAliveInterval: count.nullable(),
  serverAliveCountMax: count.nullable(),
});
export type Hop = z.infer<typeof Hop>;

export const DiagnosisFacts = z.object({
  host: z.string(),
  server: ServerFacts,
  shell: ShellFacts,
  logind: LogindFacts.nullable(),
  client: ClientFacts,
  hops: z.array(Hop),
  /** Seconds the user's NAT keeps an idle connection (their choice or a measurement); null = unknown. */
  natTimeout: seconds.nullable(),
});
export type DiagnosisFacts = z.infer<typeof DiagnosisFacts>;

export const DiagnosisReport = DiagnosisFacts.extend({ causes: z.array(Cause) });
export type DiagnosisReport = z.infer<typeof DiagnosisReport>;

/** `explain`: what a message means. */
export const ExplainedCause = z.object({
  id: CauseId,
  summary: z.string(),
  meaning: z.string(),
  fix: z.string(),
  /** What the app can change for it, if anything. */
  appFix: z.enum(['client-keepalive', 'server-keepalive']).nullable(),
});
export type ExplainedCause = z.infer<typeof ExplainedCause>;

export const MessageMatch = z.object({
  /** The recognised line as given. */
  line: z.string(),
  /** Stable name of the message ("client-loop-send-disconnect"). */
  key: z.string(),
  /** Who prints it: "OpenSSH client 8.0+", "PuTTY", "sshd log (LogLevel VERBOSE)". */
  printedBy: z.string(),
  /** What this particular line tells. */
  note: z.string(),
});
export type MessageMatch = z.infer<typeof MessageMatch>;

export const ExplainResult = z.object({
  matches: z.array(MessageMatch),
  /** Most likely first; [unknown] when nothing was recognised. */
  causes: z.array(ExplainedCause),
});
export type ExplainResult = z.infer<typeof ExplainResult>;
