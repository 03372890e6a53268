import { z } from 'zod';
import { DiffLine, Interval } from './keepalive';

/** PuTTY and WinSCP: what a host maps to, exports, imports and registry writes. */
export const PuttyTool = z.enum(['putty', 'winscp']);
export type PuttyTool = z.infer<typeof PuttyTool>;

/** One registry value as PuTTY/WinSCP store it (Unix session files and WinSCP.ini use the same names). */
export const SessionValue = z.object({
  name: z.string(),
  type: z.enum(['sz', 'dword']),
  value: z.union([z.string(), z.number().int()]),
});
export type SessionValue = z.infer<typeof SessionValue>;

/**
 * The keepalive an export writes: every N s (a host's own shorter interval is kept, none or a longer
 * one becomes N), or `keep`: each host's effective value as is. Absent: every DEFAULT_INTERVAL s.
 */
export const ExportKeepalive = z.union([z.literal('keep'), Interval]);
export type ExportKeepalive = z.infer<typeof ExportKeepalive>;
/** own: the host's interval (at most N); added: it had none; raised: it was longer than N; as-is: `keep`. */
export const KeepaliveOrigin = z.enum(['own', 'added', 'raised', 'as-is']);
export type KeepaliveOrigin = z.infer<typeof KeepaliveOrigin>;

export const SessionSettings = z.object({
  tool: PuttyTool,
  sessionName: z.string(),
  /** Full key, e.g. HKEY_CURRENT_USER\Software\SimonTatham\PuTTY\Sessions\web%20prod; null when the name cannot be stored. */
  registryKey: z.string().nullable(),
  /** PuTTY on Unix: the file name in the sessions directory. */
  unixFile: z.string().nullable(),
  /** WinSCP.ini section, e.g. Sessions\web%20prod. */
  iniSection: z.string().nullable(),
  values: z.array(SessionValue),
  keepaliveSeconds: z.number().int().nonnegative(),
  /** Why keepaliveSeconds is what it is, and the host's own ServerAliveInterval (0: none). */
  keepaliveOrigin: KeepaliveOrigin,
  hostKeepaliveSeconds: z.number().int().nonnegative(),
  /** The jump host written (PuTTY ProxyHost / WinSCP TunnelHostName), from its effective settings. */
  jump: z.object({ alias: z.string(), hostName: z.string(), port: z.number().int(), user: z.string() }).nullable(),
  /** OpenSSH settings without an exact equivalent, and what to do about them. */
  warnings: z.array(z.string()),
  /** Why this name cannot be stored in the registry / WinSCP.ini (e.g. a non-ASCII PuTTY registry name). */
  nameError: z.string().nullable(),
  /** Why this name cannot be a PuTTY Unix session file (null for WinSCP). */
  unixNameError: z.string().nullable(),
});
export type SessionSettings = z.infer<typeof SessionSettings>;

export const PuttyMappingRequest = z.object({ configPath: z.string(), hostId: z.string().min(1), keepalive: ExportKeepalive.optional() });
export const PuttyMapping = z.object({ hostId: z.string(), putty: SessionSettings, winscp: SessionSettings });
export type PuttyMapping = z.infer<typeof PuttyMapping>;

export const ExportFormat = z.enum(['reg', 'unix', 'ini']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const PuttyExportRequest = z
  .object({
    configPath: z.string(),
    tool: PuttyTool,
    format: ExportFormat,
    /** Host ids (`file:line`), host patterns or session names. */
    hosts: z.array(z.string()).max(10_000).default([]),
    all: z.boolean().default(false),
    /** PuTTY's "Default Settings" session with the `Host *` keepalive (PuTTY only). */
    defaults: z.boolean().default(false),
    /** Session name per host id, when the user renamed it (default: the first literal Host pattern). */
    sessionNames: z.record(z.string(), z.string().min(1).max(255)).default({}),
    keepalive: ExportKeepalive.optional(),
  })
  .refine((r) => r.all || r.defaults || r.hosts.length > 0, { message: 'Choose hosts, all hosts, or the default settings' })
  .refine((r) => (r.tool === 'putty' ? r.format !== 'ini' : r.format !== 'unix'), { message: 'PuTTY exports reg or unix; WinSCP exports reg or ini' })
  .refine((r) => !(r.tool === 'winscp' && r.defaults), { message: '--defaults is for PuTTY only' });
export type PuttyExportRequest = z.infer<typeof PuttyExportRequest>;

export const ExportedFile = z.object({
  /** Suggested file name (for `unix`: the session file name inside the sessions directory). */
  name: z.string(),
  mediaType: z.string(),
  base64: z.string(),
});
export type ExportedFile = z.infer<typeof ExportedFile>;
/** One exported session as the bulk export's preview lists it. */
export const ExportedSession = z.object({
  sessionName: z.string(),
  keepaliveSeconds: z.number().int().nonnegative(),
  keepaliveOrigin: KeepaliveOrigin,
  hostKeepaliveSeconds: z.number().int().nonnegative(),
  warnings: z.array(z.string()),
});
export type ExportedSession = z.infer<typeof ExportedSession>;
export const PuttyExportResult = z.object({
  files: z.array(ExportedFile),
  sessions: z.array(z.string()),
  /** Every session's warnings, prefixed with its name, and what was left out (Default Settings) and why. */
  warnings: z.array(z.string()),
  details: z.array(ExportedSession),
});
export type PuttyExportResult = z.infer<typeof PuttyExportResult>;

/** An opaque id the main side handed out for a file the user picked (dialog) or uploaded (web page). */
export const PickedHandle = z.string().regex(/^[A-Za-z0-9_-]{32}$/, 'not a picked-file handle');

/**
 * Where sessions are read from: the live registry (Windows), PuTTY's own sessions folder, a file the
 * user picked (`picked`: a handle, never a path), or a path. The window and the web host accept a
 * `file` path only inside PuTTY's sessions folder; the command line takes any path of the user's.
 */
export const SessionSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), path: z.string().min(1), tool: PuttyTool.optional() }),
  z.object({ kind: z.literal('registry'), tool: PuttyTool }),
  z.object({ kind: z.literal('unix-default') }),
  z.object({ kind: z.literal('picked'), handle: PickedHandle, tool: PuttyTool.optional() }),
]);
export type SessionSource = z.infer<typeof SessionSource>;

export const ImportedSession = z.object({
  tool: PuttyTool,
  name: z.string(),
  hostName: z.string(),
  port: z.number().int(),
  userName: z.string(),
  keepaliveSeconds: z.number().int().nonnegative(),
  /** null for WinSCP (it has no TCP keepalive setting). */
  tcpKeepalives: z.boolean().nullable(),
  /** WinSCP only: 0 off, 1 null SSH packets, 2 dummy protocol commands. */
  pingType: z.number().int().nullable(),
  /** Where it was read: file path (and line for .reg/.ini). */
  file: z.string(),
  line: z.number().int().nonnegative(),
  warnings: z.array(z.string()),
});
export type ImportedSession = z.infer<typeof ImportedSession>;

/** A folder entry that is not read as a session (a symlink, a subfolder, an oversized file), and why. */
export const SkippedEntry = z.object({ name: z.string(), reason: z.string() });
export type SkippedEntry = z.infer<typeof SkippedEntry>;

export const PuttyImportRequest = z.object({ source: SessionSource });
export const PuttyImportResult = z.object({
  format: z.enum(['reg', 'ini', 'unix', 'registry']),
  location: z.string(),
  sessions: z.array(ImportedSession),
  skipped: z.array(SkippedEntry),
});
export type PuttyImportResult = z.infer<typeof PuttyImportResult>;

/** A file as the preview read it: Apply refuses it when its hash changed since (code `conflict`). */
export const FileAsRead = z.object({ file: z.string(), hash: z.string() });

export const EnableKeepaliveRequest = z.object({
  source: SessionSource,
  sessions: z.array(z.string()).min(1).max(10_000),
  interval: Interval.default(60),
  /** The files as the preview showed them (putty:previewKeepalive); absent: no preview to hold to. */
  expect: z.array(FileAsRead).max(10_000).optional(),
});
export type EnableKeepaliveRequest = z.infer<typeof EnableKeepaliveRequest>;

/**
 * When a change to a session store takes effect: `next-open` (PuTTY or WinSCP read it when a session
 * is opened: the registry, PuTTY's sessions on this computer), `after-import` (a .reg file: once it
 * is imported on Windows), `winscp-ini` (WinSCP.ini: once WinSCP uses that file, on Windows).
 */
export const TakesEffect = z.enum(['next-open', 'after-import', 'winscp-ini']);
export type TakesEffect = z.infer<typeof TakesEffect>;

/** One session's change, as its own diff (a .reg or WinSCP.ini holds many sessions: each is shown apart). */
export const SessionChangePreview = z.object({
  session: z.string(),
  tool: PuttyTool,
  /** The file it is in; for the registry, the key. */
  file: z.string(),
  diff: z.array(DiffLine),
});
export type SessionChangePreview = z.infer<typeof SessionChangePreview>;

/** What "turn keepalive on" would write, session by session, before anything is written. */
export const KeepalivePreviewResult = z.object({
  location: z.string(),
  interval: Interval,
  takesEffect: TakesEffect,
  /** The change is made in the app's copy of an uploaded file: the user downloads the result. */
  inCopy: z.boolean(),
  changes: z.array(SessionChangePreview),
  /** Asked for, but already sending keepalive every `interval` s: nothing to write for them. */
  unchanged: z.array(z.string()),
  /** Every file read, for Apply to hold to (empty for the registry). */
  files: z.array(FileAsRead),
});
export type KeepalivePreviewResult = z.infer<typeof KeepalivePreviewResult>;

export const EnableKeepaliveResult = z.object({
  takesEffect: TakesEffect,
  result: PuttyImportResult,
  changedFiles: z.array(z.string()),
  /** A .reg with the keys as they were (registry writes): `reg import` it to undo. */
  backupFile: z.string().nullable(),
  /** An uploaded file was changed in the host's copy (the page cannot write the original): its new bytes. */
  download: ExportedFile.nullable(),
  message: z.string(),
});
export type EnableKeepaliveResult = z.infer<typeof EnableKeepaliveResult>;

export const WriteRegistryRequest = z.object({
  configPath: z.string(),
  tool: PuttyTool,
  hosts: z.array(z.string()).max(10_000).default([]),
  all: z.boolean().default(false),
  defaults: z.boolean().default(false),
  keepalive: ExportKeepalive.optional(),
  /** true: only say what would change. */
  dryRun: z.boolean().default(true),
});
export type WriteRegistryRequest = z.infer<typeof WriteRegistryRequest>;
export const RegistryChange = z.object({
  key: z.string(),
  existed: z.boolean(),
  values: z.array(z.object({ name: z.string(), before: z.string().nullable(), after: z.string() })),
});
export const WriteRegistryResult = z.object({
  changes: z.array(RegistryChange),
  applied: z.boolean(),
  backupFile: z.string().nullable(),
  message: z.string(),
});
export type WriteRegistryResult = z.infer<typeof WriteRegistryResult>;

export const RegistryUndoRequest = z.object({});
export const RegistryUndoResult = z.object({ restoredFrom: z.string(), message: z.string() });

/** Undo the newest change of a session store: by `source` (as it was read), or `path` (a `file` source). */
export const UndoFileRequest = z
  .object({ path: z.string().min(1).optional(), source: SessionSource.optional() })
  .refine((r) => (r.path === undefined) !== (r.source === undefined), { message: 'Give either a path or a source' })
  .refine((r) => r.source?.kind !== 'registry', { message: 'Registry changes are undone with putty:undoRegistry' });
export type UndoFileRequest = z.infer<typeof UndoFileRequest>;
export const UndoFileResult = z.object({
  result: PuttyImportResult,
  restoredFiles: z.array(z.string()),
  /** As for EnableKeepaliveResult: an uploaded copy's bytes after the undo. */
  download: ExportedFile.nullable(),
  message: z.string(),
});

/**
 * Electron: the main process shows the OS file dialog and answers with a handle for what was
 * chosen (null: cancelled); the page never names a path. The web host has no dialog: it uploads.
 */
export const PickRequest = z.object({ kind: z.enum(['file', 'folder']) });
export const PickResult = z.object({ source: SessionSource.nullable(), label: z.string() });
export type PickResult = z.infer<typeof PickResult>;

/** The largest session file read (PuTTY's own are a few kB; a .reg of many sessions stays far below). */
export const MAX_SESSION_FILE_BYTES = 1 << 20;
/** Uploads travel as base64 in a JSON body: 512 KiB of file fits the web host's 1 MiB request limit. */
export const MAX_UPLOAD_BYTES = 512 * 1024;
/** Web page: a file the user chose in the page, sent as its bytes; the host keeps a copy and answers a handle. */
export const UploadRequest = z.object({
  name: z.string().min(1).max(255),
  base64: z
    .string()
    .max(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4, `The file is larger than ${MAX_UPLOAD_BYTES / 1024} KB: not a PuTTY or WinSCP session file.`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
});
export const UploadResult = PickResult.extend({ source: SessionSource });

/** The session stores this machine has, for the import view's choices. */
export const SourcesRequest = z.object({});
export const SourceOption = z.object({ source: SessionSource, label: z.string(), detail: z.string() });
export const SourcesResult = z.object({ options: z.array(SourceOption), registryAvailable: z.boolean() });
export type SourceOption = z.infer<typeof SourceOption>;

/** Linux/Unix: write the sessions straight into PuTTY's own sessions directory (by PuTTY's rule). */
export const InstallUnixRequest = z.object({
  configPath: z.string(),
  hosts: z.array(z.string()).max(10_000).default([]),
  all: z.boolean().default(false),
  defaults: z.boolean().default(false),
  keepalive: ExportKeepalive.optional(),
});
export const InstallUnixResult = z.object({ sessionsDir: z.string(), written: z.array(z.string()), message: z.string() });

export const puttyChannels = {
  'putty:mapping': { request: PuttyMappingRequest, response: PuttyMapping },
  'putty:export': { request: PuttyExportRequest, response: PuttyExportResult },
  'putty:import': { request: PuttyImportRequest, response: PuttyImportResult },
  'putty:previewKeepalive': { request: EnableKeepaliveRequest, response: KeepalivePreviewResult },
  'putty:enableKeepalive': { request: EnableKeepaliveRequest, response: EnableKeepaliveResult },
  'putty:writeRegistry': { request: WriteRegistryRequest, response: WriteRegistryResult },
  'putty:undoRegistry': { request: RegistryUndoRequest, response: RegistryUndoResult },
  'putty:undoFile': { request: UndoFileRequest, response: UndoFileResult },
  'putty:sources': { request: SourcesRequest, response: SourcesResult },
  'putty:installUnix': { request: InstallUnixRequest, response: InstallUnixResult },
  'putty:pick': { request: PickRequest, response: PickResult },
  'putty:upload': { request: UploadRequest, response: UploadResult },
} as const;
