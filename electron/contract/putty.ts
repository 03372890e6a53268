import { z } from 'zod';
import { Interval } from './keepalive';

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
  /** OpenSSH settings without an exact equivalent, and what to do about them. */
  warnings: z.array(z.string()),
  /** Why this name cannot be stored in the registry / WinSCP.ini (e.g. a non-ASCII PuTTY registry name). */
  nameError: z.string().nullable(),
  /** Why this name cannot be a PuTTY Unix session file (null for WinSCP). */
  unixNameError: z.string().nullable(),
});
export type SessionSettings = z.infer<typeof SessionSettings>;

export const PuttyMappingRequest = z.object({ configPath: z.string(), hostId: z.string().min(1) });
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
export const PuttyExportResult = z.object({
  files: z.array(ExportedFile),
  sessions: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type PuttyExportResult = z.infer<typeof PuttyExportResult>;

/** Where sessions are read from: a file (.reg, WinSCP.ini, a Unix session file or sessions dir) or the live registry (Windows). */
export const SessionSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), path: z.string().min(1), tool: PuttyTool.optional() }),
  z.object({ kind: z.literal('registry'), tool: PuttyTool }),
  z.object({ kind: z.literal('unix-default') }),
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

export const PuttyImportRequest = z.object({ source: SessionSource });
export const PuttyImportResult = z.object({
  format: z.enum(['reg', 'ini', 'unix', 'registry']),
  location: z.string(),
  sessions: z.array(ImportedSession),
});
export type PuttyImportResult = z.infer<typeof PuttyImportResult>;

export const EnableKeepaliveRequest = z.object({
  source: SessionSource,
  sessions: z.array(z.string()).min(1).max(10_000),
  interval: Interval.default(60),
});
export type EnableKeepaliveRequest = z.infer<typeof EnableKeepaliveRequest>;
export const EnableKeepaliveResult = z.object({
  result: PuttyImportResult,
  changedFiles: z.array(z.string()),
  /** A .reg with the keys as they were (registry writes): `reg import` it to undo. */
  backupFile: z.string().nullable(),
  message: z.string(),
});
export type EnableKeepaliveResult = z.infer<typeof EnableKeepaliveResult>;

export const WriteRegistryRequest = z.object({
  configPath: z.string(),
  tool: PuttyTool,
  hosts: z.array(z.string()).max(10_000).default([]),
  all: z.boolean().default(false),
  defaults: z.boolean().default(false),
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

export const UndoFileRequest = z.object({ path: z.string().min(1) });
export const UndoFileResult = z.object({ result: PuttyImportResult, restoredFiles: z.array(z.string()), message: z.string() });

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
});
export const InstallUnixResult = z.object({ sessionsDir: z.string(), written: z.array(z.string()), message: z.string() });

export const puttyChannels = {
  'putty:mapping': { request: PuttyMappingRequest, response: PuttyMapping },
  'putty:export': { request: PuttyExportRequest, response: PuttyExportResult },
  'putty:import': { request: PuttyImportRequest, response: PuttyImportResult },
  'putty:enableKeepalive': { request: EnableKeepaliveRequest, response: EnableKeepaliveResult },
  'putty:writeRegistry': { request: WriteRegistryRequest, response: WriteRegistryResult },
  'putty:undoRegistry': { request: RegistryUndoRequest, response: RegistryUndoResult },
  'putty:undoFile': { request: UndoFileRequest, response: UndoFileResult },
  'putty:sources': { request: SourcesRequest, response: SourcesResult },
  'putty:installUnix': { request: InstallUnixRequest, response: InstallUnixResult },
} as const;
