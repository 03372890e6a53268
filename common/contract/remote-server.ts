import { z } from 'zod';
import { DiffLine, Interval } from './keepalive';
import { ProbeHost } from './probe';
import { ReloadOutcome, ServerChange, ServerStatus } from './system';

/**
 * Server keepalive where the servers are (issue 14): the remote sshd's ClientAliveInterval read and
 * changed over the user's own ssh, one host or a fleet, and the Ansible export. Every change is
 * planned on the server first (the diff, before anything is written), then applied exactly as
 * planned: the server refuses when its config or the plan differs from what the preview showed.
 */

/**
 * A secret field: the sudo password for the one call that carries it. Never stored, never logged,
 * never in an answer, an event or an error message (its schema messages never quote the value).
 * `isSecretSchema` finds the mark; contract tests hold every `password` field to it.
 */
export const SECRET_META = { secret: true, description: 'sudo password for this call only: never stored, logged or echoed' } as const;
export const SudoPassword = z
  .string({ error: 'The sudo password must be text' })
  .min(1, 'Type the sudo password')
  .max(1024, 'A sudo password is at most 1024 characters')
  .refine((s) => !/[\r\n\0]/.test(s), 'A sudo password cannot hold a line break')
  .meta(SECRET_META);

export function isSecretSchema(schema: z.ZodType): boolean {
  return z.globalRegistry.get(schema)?.secret === true;
}

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'not a hash');
/** A backup on the server: 20240102T030405Z1234. */
export const RemoteBackupEntry = z.string().regex(/^[0-9]{8}T[0-9]{6}Z[0-9]{1,10}$/, 'not a backup name');

/** Which server: a host as `ssh HOST` takes it, through the client config ('' = what ssh reads by itself). */
const target = {
  configPath: z.string().max(4096),
  host: ProbeHost,
};

/** What can go wrong on a server, in words a user can act on (never holds a password). */
export const RemoteFailure = z.enum([
  'needs-password', // sudo wants a password and none was given: ask for it, then call again with it
  'wrong-password',
  'no-sudo', // the login user may not use sudo there (adminInstructions: the lines for an administrator)
  'needs-tty',
  'changed', // the config changed since it was read (or since the preview)
  'refused',
  'blocked',
  'invalid',
  'unreadable',
  'no-sshd',
  'ssh-failed',
  'timeout',
  'failed',
]);
export type RemoteFailure = z.infer<typeof RemoteFailure>;

/** `server status --json` of this computer, plus the host and what was learnt on the way. */
export const RemoteServerStatus = ServerStatus.extend({
  host: z.string(),
  /** `OpenSSH_9.2` as the server's sshd reports it (null when unknown). */
  sshdVersion: z.string().nullable(),
  /** False when files the values depend on could not be read (the values then say 'unknown'). */
  valuesKnown: z.boolean(),
  loginUser: z.string(),
  /** Read as the login user, or through `sudo -n` (root-only files, when asked). */
  readAs: z.enum(['login', 'sudo']),
  /** The `sshd -T -C` connection spec the values were computed for (Match blocks apply to it). */
  connection: z.string(),
});
export type RemoteServerStatus = z.infer<typeof RemoteServerStatus>;

export const RemoteStatusRequest = z.object({
  ...target,
  /** Where the login user cannot read the files, read them through `sudo -n` (never a password prompt). */
  trySudo: z.boolean().optional(),
});
export type RemoteStatusRequest = z.input<typeof RemoteStatusRequest>;

export const RemoteFileEdit = z.object({
  file: z.string(),
  action: z.enum(['modify', 'create', 'delete']),
  diff: z.array(DiffLine),
});
export type RemoteFileEdit = z.infer<typeof RemoteFileEdit>;

export const RemotePlan = z.object({
  kind: z.enum(['edit', 'noop']),
  /** dropin: sshd_config includes sshd_config.d, our drop-in holds the lines; main: sshd_config itself. */
  layout: z.enum(['dropin', 'main']),
  /** What the server read and planned: an apply carries both back, and the server refuses any other. */
  state: Hex64,
  digest: Hex64.nullable(),
  edits: z.array(RemoteFileEdit),
  notes: z.array(z.string()),
  readAs: z.enum(['login', 'sudo']),
  loginIsRoot: z.boolean(),
  summary: z.string(),
  /** The same change written out for an administrator (for a user without sudo rights). */
  adminInstructions: z.string(),
});
export type RemotePlan = z.infer<typeof RemotePlan>;

/** A plan, or why there is none (needs-password: ask for it and plan again with it). */
export const RemotePlanAnswer = z.object({
  host: z.string(),
  plan: RemotePlan.nullable(),
  failure: RemoteFailure.nullable(),
  message: z.string(),
  adminInstructions: z.string().nullable(),
});
export type RemotePlanAnswer = z.infer<typeof RemotePlanAnswer>;

export const RemotePlanRequest = z.object({ ...target, change: ServerChange, password: SudoPassword.optional() });
export type RemotePlanRequest = z.input<typeof RemotePlanRequest>;

export const RemoteApplyRequest = z.object({
  ...target,
  change: ServerChange,
  /** From the preview: the server refuses if its config or its plan now differs. */
  state: Hex64,
  digest: Hex64,
  /** Reload sshd once `sshd -t` accepted the new config. */
  reload: z.boolean(),
  password: SudoPassword.optional(),
});
export type RemoteApplyRequest = z.input<typeof RemoteApplyRequest>;

export const RemoteUndoRequest = z.object({
  ...target,
  /** The backup the page showed; absent = the latest. Refused when a newer change was made since. */
  entry: RemoteBackupEntry.optional(),
  reload: z.boolean(),
  password: SudoPassword.optional(),
});
export type RemoteUndoRequest = z.input<typeof RemoteUndoRequest>;

export const RemoteOutcome = z.object({
  host: z.string(),
  outcome: z.enum(['applied', 'undone', 'nothing', 'failed']),
  failure: RemoteFailure.nullable(),
  message: z.string(),
  changedFiles: z.array(z.string()),
  /** sshd -t accepted the result (before and after the write). */
  validated: z.boolean(),
  reload: ReloadOutcome.nullable(),
  /** The backup an undo restores (after 'applied'). */
  backup: z.string().nullable(),
  adminInstructions: z.string().nullable(),
});
export type RemoteOutcome = z.infer<typeof RemoteOutcome>;

/** Chosen by the caller so it can tell its own progress events from another run's. */
export const RemoteRunId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'A run id is 1-64 letters, digits or dashes');
export const FLEET_MAX_HOSTS = 200;
const Hosts = z.array(ProbeHost).min(1, 'Choose at least one server').max(FLEET_MAX_HOSTS, `At most ${FLEET_MAX_HOSTS} servers at once`);

export const FleetPlanRequest = z.object({
  configPath: target.configPath,
  hosts: Hosts,
  change: ServerChange,
  runId: RemoteRunId,
  /** Used on every host whose sudo asks for one (the same login everywhere); only for this call. */
  password: SudoPassword.optional(),
});
export type FleetPlanRequest = z.input<typeof FleetPlanRequest>;
export const FleetPlanResult = z.object({ runId: RemoteRunId, plans: z.array(RemotePlanAnswer) });
export type FleetPlanResult = z.infer<typeof FleetPlanResult>;

/** One server of a fleet apply, with what its preview read and planned. */
export const FleetTarget = z.object({ host: ProbeHost, state: Hex64, digest: Hex64 });
export const FleetApplyRequest = z.object({
  configPath: target.configPath,
  targets: z.array(FleetTarget).min(1, 'Choose at least one server').max(FLEET_MAX_HOSTS),
  change: ServerChange,
  reload: z.boolean(),
  runId: RemoteRunId,
  password: SudoPassword.optional(),
});
export type FleetApplyRequest = z.input<typeof FleetApplyRequest>;

export const FleetUndoRequest = z.object({ configPath: target.configPath, hosts: Hosts, reload: z.boolean(), runId: RemoteRunId, password: SudoPassword.optional() });
export type FleetUndoRequest = z.input<typeof FleetUndoRequest>;
export const FleetResult = z.object({ runId: RemoteRunId, outcomes: z.array(RemoteOutcome) });
export type FleetResult = z.infer<typeof FleetResult>;

export const FleetStep = z.enum(['queued', 'planning', 'applying', 'undoing', 'done']);
export type FleetStep = z.infer<typeof FleetStep>;
/** Per-host progress of a fleet run (never holds a password). */
export const FleetProgress = z.object({
  runId: RemoteRunId,
  host: z.string(),
  step: FleetStep,
  /** With step 'done' of a fleet plan. */
  plan: RemotePlanAnswer.nullable(),
  /** With step 'done' of an apply or undo. */
  outcome: RemoteOutcome.nullable(),
});
export type FleetProgress = z.infer<typeof FleetProgress>;

/** Host names Ansible's INI inventory takes as they are. */
export const AnsibleAlias = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/, "An Ansible inventory name holds letters, digits, '.', '_' and '-' only");

export const AnsibleExportRequest = z.object({
  configPath: target.configPath,
  hosts: z.array(AnsibleAlias).max(FLEET_MAX_HOSTS).default([]),
  /** Every host the config names literally. */
  all: z.boolean().default(false),
  interval: Interval,
  countMax: ServerChange.shape.countMax,
  /**
   * Where the files go: `app` = a private folder of the app (the page offers them as downloads and
   * can run them); `pick` = a folder the user chooses in the window's own dialog; `path` = outDir,
   * the command line only (a page must not name where files are written).
   */
  destination: z.enum(['app', 'pick', 'path']).default('app'),
  outDir: z.string().min(1).max(4096).optional(),
});
export type AnsibleExportRequest = z.input<typeof AnsibleExportRequest>;

export const AnsibleFile = z.object({ name: z.enum(['inventory.ini', 'keepalive.yml', 'cloud-init.yml']), path: z.string(), text: z.string() });
export const AnsibleExportResult = z.object({
  /** Runs this export with remote-server:ansible-run (null when written where the app does not run it). */
  exportId: z.string().nullable(),
  dir: z.string(),
  files: z.array(AnsibleFile),
  hosts: z.array(z.string()),
  skipped: z.array(z.object({ alias: z.string(), reason: z.string() })),
  warnings: z.array(z.string()),
  /** ansible-playbook on this computer: its path, or how to install it. */
  ansible: z.object({ path: z.string().nullable(), installHint: z.string() }),
  /** The command to run it by hand. */
  command: z.string(),
});
export type AnsibleExportResult = z.infer<typeof AnsibleExportResult>;

export const AnsibleExportId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'not an export id');
export const AnsibleRunRequest = z.object({
  exportId: AnsibleExportId,
  /** --check --diff: show what would change, change nothing. */
  check: z.boolean(),
  runId: RemoteRunId,
  /** sudo on the servers: handed to ansible-playbook on its stdin (--become-password-file -). */
  password: SudoPassword.optional(),
});
export type AnsibleRunRequest = z.input<typeof AnsibleRunRequest>;
export const AnsibleHostRecap = z.object({
  host: z.string(),
  ok: z.number().int(),
  changed: z.number().int(),
  unreachable: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
});
export const AnsibleRunResult = z.object({
  runId: RemoteRunId,
  /** False: ansible-playbook is not installed here (installHint says how). */
  installed: z.boolean(),
  installHint: z.string(),
  exitCode: z.number().int().nullable(),
  recap: z.array(AnsibleHostRecap),
  argv: z.array(z.string()),
});
export type AnsibleRunResult = z.infer<typeof AnsibleRunResult>;
/** A line of ansible-playbook's output as it comes. */
export const AnsibleOutput = z.object({ runId: RemoteRunId, line: z.string().max(8192) });
export type AnsibleOutput = z.infer<typeof AnsibleOutput>;

export const remoteServerChannels = {
  'remote-server:status': { request: RemoteStatusRequest, response: RemoteServerStatus },
  'remote-server:plan': { request: RemotePlanRequest, response: RemotePlanAnswer },
  'remote-server:apply': { request: RemoteApplyRequest, response: RemoteOutcome },
  'remote-server:undo': { request: RemoteUndoRequest, response: RemoteOutcome },
  'remote-server:fleet-plan': { request: FleetPlanRequest, response: FleetPlanResult },
  'remote-server:fleet-apply': { request: FleetApplyRequest, response: FleetResult },
  'remote-server:fleet-undo': { request: FleetUndoRequest, response: FleetResult },
  'remote-server:ansible-export': { request: AnsibleExportRequest, response: AnsibleExportResult },
  'remote-server:ansible-run': { request: AnsibleRunRequest, response: AnsibleRunResult },
} as const;

export const remoteServerEvents = {
  'remote-server:progress': FleetProgress,
  'remote-server:ansible-output': AnsibleOutput,
} as const;
