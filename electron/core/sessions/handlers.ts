import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../common/contract/errors';
import { MAX_UPLOAD_BYTES, type ExportedFile, type PuttyImportResult, type PuttyTool, type SessionSource, type SourceOption } from '../../../common/contract/sessions';
import type { HandlerContext } from '../kernel/context';
import type { Handlers } from '../kernel/dispatch';
import { undoLast } from '../files';
import { resolveSource, type ResolvedSource, type SourceAccess } from './access';
import { PickedFiles } from './picked';
import { exportedSessions, exportFiles, regKeysFor } from './export';
import { escapePuttyRegistryName, escapeWinscpName } from './escape';
import { sessionsKey } from './paths';
import { RegistryAdapter, windowsReg, type RegCommand } from './registry';
import { findHost, selectSessions, type ResolveName } from './select';
import { importFromPath, keepaliveValues, writeUnixSessions } from './store';
import { enableKeepaliveInPath, planKeepaliveInPath } from './enable';
import { keepaliveOutcome, registryPreview } from './enable-words';
import { puttyUnixDirs } from './unix';
import { mapHostToPutty, mapHostToWinscp } from './mapping';
import type { ConfigSnapshot, HostRow } from '../../../common/contract/hosts';

/** Undo steps kept for an uploaded file (its copies are bounded: a token holder can upload many). */
const UPLOAD_UNDO_STEPS = 5;

type PuttyHandlers = Pick<
  Handlers,
  | 'putty:mapping'
  | 'putty:export'
  | 'putty:import'
  | 'putty:previewKeepalive'
  | 'putty:enableKeepalive'
  | 'putty:writeRegistry'
  | 'putty:undoRegistry'
  | 'putty:undoFile'
  | 'putty:sources'
  | 'putty:installUnix'
  | 'putty:pick'
  | 'putty:upload'
>;

/**
 * What this feature reads of the user's OpenSSH config. It never imports the hosts feature:
 * core/handlers.ts passes the hosts feature's lookups (one parsed-file cache for the whole app).
 */
export interface SessionsHostSource {
  snapshot(configPath: string): Promise<ConfigSnapshot>;
  /** One user Host block's row by its id (`file:line`), without resolving the whole file; null if none. */
  hostRow(configPath: string, hostId: string): HostRow | null;
  /** Resolves any name against that config as `ssh -G NAME` would. */
  resolver(configPath: string): ResolveName;
}

export interface PuttyDeps {
  hosts: SessionsHostSource;
  /** The live registry: reg.exe on Windows (default); tests pass Wine's `reg`. */
  reg?: RegCommand;
  env?: NodeJS.ProcessEnv;
  /**
   * The command line only: `file` sources may name any path (the user runs it on their own files).
   * The window and the web host leave this off: see putty/access.ts.
   */
  anyPath?: boolean;
}

/**
 * PuTTY and WinSCP behind the contract: the mapping of a host, exports, imports of existing
 * sessions, "turn keepalive on" in the same format, and (Windows) writes to HKCU with a backup.
 */
export function createPuttyHandlers(ctx: HandlerContext, deps: PuttyDeps): PuttyHandlers {
  const hosts = deps.hosts;
  const env = deps.env ?? process.env;
  const backups = path.join(ctx.stateDir, 'registry-backups');
  const registry = (): RegistryAdapter => {
    if (deps.reg) return new RegistryAdapter(deps.reg, path.join(ctx.stateDir, 'tmp'));
    if (ctx.platform !== 'win32') throw new AppError('unsupported', 'The Windows registry exists only on Windows: export a .reg file and import it there.');
    return new RegistryAdapter(windowsReg, os.tmpdir());
  };
  // Every name on a Host line is a host of its own: the others are resolved as `ssh -G NAME` would.
  const resolverFor = (configPath: string): ResolveName => hosts.resolver(configPath);
  const access: SourceAccess = {
    anyPath: deps.anyPath === true,
    sessionsDir: async () => (ctx.platform === 'win32' ? null : (await puttyUnixDirs(ctx.homeDir, env)).sessionsDir),
    picked: new PickedFiles(path.join(ctx.stateDir, 'uploads')),
  };
  const resolved = (source: SessionSource): Promise<ResolvedSource> | null => (source.kind === 'registry' ? null : resolveSource(access, source));
  // An upload is shown by its name (not the host's copy), and its changed bytes go back to the page.
  const shown = (r: PuttyImportResult, from: ResolvedSource): PuttyImportResult => (from.picked?.upload ? { ...r, location: from.picked.label } : r);
  // An upload's undo journal lives and dies with the app's copy of it, and keeps only a few steps.
  const journalOf = (from: ResolvedSource): { stateDir: string; keep?: number } => (from.picked?.upload ? { stateDir: from.picked.upload.journal, keep: UPLOAD_UNDO_STEPS } : { stateDir: ctx.stateDir });
  const download = async (from: ResolvedSource): Promise<ExportedFile | null> => {
    if (!from.picked?.upload) return null;
    return { name: from.picked.upload.name, mediaType: 'application/octet-stream', base64: (await fs.readFile(from.path)).toString('base64') };
  };

  /** The registry keys of the named sessions with keepalive on; a name the registry does not have is refused. */
  const registryKeys = async (reg: RegistryAdapter, tool: PuttyTool, names: readonly string[], interval: number) => {
    const existing = await reg.readSessions(tool);
    const missing = names.filter((n) => !existing.sessions.some((s) => s.name === n));
    if (missing.length) throw new AppError('not-found', `No ${tool === 'putty' ? 'PuTTY session' : 'WinSCP site'} named ${missing.map((m) => JSON.stringify(m)).join(', ')}`);
    const keys = names.map((n) => ({
      path: `${sessionsKey(tool)}\\${tool === 'putty' ? escapePuttyRegistryName(n) : escapeWinscpName(n)}`,
      values: keepaliveValues(tool, interval),
    }));
    return { keys, names };
  };

  return {
    'putty:mapping': async (req) => {
      const host = hosts.hostRow(req.configPath, req.hostId) ?? findHost(await hosts.snapshot(req.configPath), req.hostId);
      const opts = { keepalive: req.keepalive, resolve: resolverFor(req.configPath) };
      return { hostId: host.id, putty: mapHostToPutty(host, undefined, opts), winscp: mapHostToWinscp(host, undefined, opts) };
    },

    'putty:export': async (req) => {
      const snap = await hosts.snapshot(req.configPath);
      const { sessions, omitted } = selectSessions(snap, req.tool, req, resolverFor(req.configPath));
      return {
        files: exportFiles(req.tool, req.format, sessions),
        sessions: sessions.map((s) => s.sessionName),
        warnings: [...omitted, ...sessions.flatMap((s) => s.warnings.map((w) => `${s.sessionName}: ${w}`))],
        details: exportedSessions(sessions),
      };
    },

    'putty:import': async (req) => {
      const from = await resolved(req.source);
      if (from !== null) {
        // PuTTY's default sessions dir not existing yet just means: no saved sessions.
        if (req.source.kind === 'unix-default' && !(await fs.stat(from.path).catch(() => null))) return { format: 'unix' as const, location: from.path, sessions: [], skipped: [] };
        const result = shown(await importFromPath(from.path), from);
        const tool = req.source.kind === 'file' || req.source.kind === 'picked' ? req.source.tool : undefined;
        return tool ? { ...result, sessions: result.sessions.filter((s) => s.tool === tool) } : result;
      }
      if (req.source.kind !== 'registry') throw new AppError('internal', 'unknown source');
      return registry().readSessions(req.source.tool);
    },

    'putty:previewKeepalive': async (req) => {
      const from = await resolved(req.source);
      if (from !== null) {
        const plan = await planKeepaliveInPath(from.path, req.sessions, req.interval);
        const inCopy = from.picked?.upload !== undefined;
        // An upload is shown by its name, never the path of the app's copy.
        const label = (file: string) => (inCopy ? from.picked!.label : file);
        return {
          location: shown(plan.before, from).location,
          interval: req.interval,
          takesEffect: plan.takesEffect,
          inCopy,
          changes: plan.changes.map((c) => ({ ...c, file: label(c.file) })),
          unchanged: plan.unchanged,
          files: plan.read,
        };
      }
      if (req.source.kind !== 'registry') throw new AppError('internal', 'unknown source');
      const reg = registry();
      const keys = await registryKeys(reg, req.source.tool, req.sessions, req.interval);
      return registryPreview(sessionsKey(req.source.tool), req.source.tool, req.interval, keys.names, await reg.plan(keys.keys));
    },

    'putty:enableKeepalive': async (req) => {
      const from = await resolved(req.source);
      if (from !== null) {
        const journal = journalOf(from);
        const { changed, result, takesEffect } = await enableKeepaliveInPath(journal.stateDir, from.path, req.sessions, req.interval, journal.keep, req.expect);
        const upload = from.picked?.upload ? from.picked.label : null;
        return {
          takesEffect,
          result: shown(result, from),
          changedFiles: changed,
          backupFile: null,
          download: changed.length ? await download(from) : null,
          message: keepaliveOutcome({ interval: req.interval, sessions: req.sessions.length, changed: changed.length > 0, takesEffect, upload, location: shown(result, from).location, skipped: result.skipped }),
        };
      }
      if (req.source.kind !== 'registry') throw new AppError('internal', 'unknown source');
      const tool = req.source.tool;
      const reg = registry();
      const { keys } = await registryKeys(reg, tool, req.sessions, req.interval);
      const { backupFile } = await reg.applyWithBackup(backups, keys);
      return {
        takesEffect: 'next-open' as const,
        result: await reg.readSessions(tool),
        changedFiles: [],
        backupFile,
        download: null,
        message: `Keepalive every ${req.interval} s written to the registry; it applies the next time each session is opened. Undo restores ${backupFile}.`,
      };
    },

    'putty:writeRegistry': async (req) => {
      const reg = registry();
      const snap = await hosts.snapshot(req.configPath);
      const keys = regKeysFor(req.tool, selectSessions(snap, req.tool, req, resolverFor(req.configPath)).sessions).map((k) => ({ path: k.path, values: k.values }));
      if (req.dryRun) {
        const plan = await reg.plan(keys);
        return { changes: plan.map(({ backup: _b, ...c }) => c), applied: false, backupFile: null, message: `Would write ${keys.length} key(s) under HKEY_CURRENT_USER.` };
      }
      const { changes, backupFile } = await reg.applyWithBackup(backups, keys);
      return { changes, applied: true, backupFile, message: `Wrote ${keys.length} key(s); a backup of the keys as they were is in ${backupFile}.` };
    },

    'putty:undoRegistry': async () => {
      const file = await registry().undoLast(backups);
      return { restoredFrom: file, message: `Restored the registry keys from ${file}.` };
    },

    'putty:undoFile': async (req) => {
      const source: SessionSource = req.source ?? { kind: 'file', path: req.path ?? '' };
      const from = await resolved(source);
      if (from === null) throw new AppError('invalid-input', 'Registry changes are undone with putty:undoRegistry');
      const { files } = await undoLast(journalOf(from).stateDir, from.path);
      return {
        result: shown(await importFromPath(from.path), from),
        restoredFiles: files,
        download: await download(from),
        message: `Restored ${files.length} file(s) as they were before.`,
      };
    },

    'putty:pick': async (req) => {
      if (!ctx.pickPath) throw new AppError('unsupported', 'There is no file dialog here: choose the file in the page (it is uploaded to the app).');
      const chosen = await ctx.pickPath(req.kind);
      if (chosen === null) return { source: null, label: '' };
      return { source: { kind: 'picked', handle: access.picked.register(chosen) }, label: chosen };
    },

    'putty:upload': async (req) => {
      const bytes = Buffer.from(req.base64, 'base64');
      if (bytes.length > MAX_UPLOAD_BYTES) throw new AppError('invalid-input', `${req.name} is larger than ${MAX_UPLOAD_BYTES / 1024} KB: not a PuTTY or WinSCP session file.`);
      const { handle, label } = await access.picked.upload(req.name, bytes);
      return { source: { kind: 'picked', handle }, label };
    },

    'putty:installUnix': async (req) => {
      if (ctx.platform === 'win32') throw new AppError('unsupported', 'PuTTY on Windows keeps sessions in the registry: use the registry write or a .reg file.');
      const { sessionsDir } = await puttyUnixDirs(ctx.homeDir, env);
      const snap = await hosts.snapshot(req.configPath);
      const { sessions } = selectSessions(snap, 'putty', req, resolverFor(req.configPath));
      const written = await writeUnixSessions(ctx.stateDir, sessionsDir, sessions);
      const names = sessions.map((s) => s.sessionName).join(', ');
      // A command to paste, with a real session name (shell-quoted), not a placeholder.
      const example = sessions.find((x) => x.sessionName !== 'Default Settings') ?? sessions[0];
      const load = shellWord(example?.sessionName ?? '');
      const use = sessions.length === 1 ? 'uses it' : `uses ${example?.sessionName} (the others alike)`;
      return {
        sessionsDir,
        written,
        message: written.length ? `Saved ${names} in ${sessionsDir}: \`putty -load ${load}\` or \`plink -load ${load}\` ${use}.` : `${names} already up to date in ${sessionsDir}.`,
      };
    },

    'putty:sources': async () => {
      const registryAvailable = deps.reg !== undefined || ctx.platform === 'win32';
      const options: SourceOption[] = [];
      if (registryAvailable) {
        options.push({ source: { kind: 'registry', tool: 'putty' }, label: 'PuTTY (Windows registry)', detail: sessionsKey('putty') });
        options.push({ source: { kind: 'registry', tool: 'winscp' }, label: 'WinSCP (Windows registry)', detail: sessionsKey('winscp') });
      }
      if (ctx.platform !== 'win32') {
        const dirs = await puttyUnixDirs(ctx.homeDir, env);
        options.push({ source: { kind: 'unix-default' }, label: 'PuTTY sessions on this computer', detail: `${dirs.sessionsDir} (${dirs.rule})` });
      }
      return { options, registryAvailable };
    },
  };
}

/** A session name as one POSIX shell word (single-quoted unless plain). */
function shellWord(name: string): string {
  return /^[A-Za-z0-9._@%+=:,\/-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`;
}
