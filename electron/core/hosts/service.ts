import fs from 'node:fs';
import { AppError } from '../../../common/contract/errors';
import type { HostLookup, HostLookupRequest } from '../../../common/contract/lookup';
import type { ConfigSnapshot } from '../../../common/contract/hosts';
import { DEFAULT_INTERVAL, DEFAULT_NAT_TIMEOUT, type ApplyRequest, type ApplyResult, type KeepaliveIntent, type KeepalivePreview, type UndoResult } from '../../../common/contract/keepalive';
import { resolveConfigPath, type HandlerContext } from '../kernel/context';
import { recordChange, undoableChange, undoLast, writeFileAtomic, type WriteOutcome } from '../files';
import { encodeText } from '../files/read';
import { lineDiff } from '../openssh/line-diff';
import { planKeepalive, type Change, type EditInput, type Plan } from './edit';
import { asPhrase } from '../../../common/format/text';
import { snapshotOf } from './hosts';
import { lookupHost } from './lookup';
import { allHostsNotes } from './effects';
import { snapshotAfterLocalChange } from './incremental';
import { loadModel, type ClientConfigModel, type ParsedFile } from '../openssh/ssh-config';
import { filesStateOf, filesStillAre, modelIsCurrent, sameFiles, type FilesState } from '../openssh/ssh-config-state';

export const NEW_CONNECTIONS_NOTE =
  'Applies to new connections: open SSH sessions keep their old settings until they reconnect.';

/**
 * The client-config side of the app, for one HandlerContext: load + resolve, preview, apply, undo.
 * Keeps lexed files between calls (keyed by content hash), so a toggle on a 10k-host file does
 * not lex it again.
 */
export class ClientConfigService {
  private cache = new Map<string, ParsedFile>();
  private last: { key: string; model: ClientConfigModel } | undefined;
  /** The last snapshot and the file states it describes: reused while they hold (hash-checked). */
  private lastSnap: { key: string; natTimeout: number; files: FilesState; snapshot: ConfigSnapshot } | undefined;
  /**
   * The plan the last preview made, for the model it was made on: apply reuses it while load()
   * returns that same model (every file still hash-identical), instead of planning again.
   */
  private lastPlan: { model: ClientConfigModel; key: string; plan: Plan } | undefined;
  /** How many applies reused the preview's plan (observable for tests). */
  reusedPlans = 0;
  /** How many applies returned an incrementally computed snapshot (observable for tests and the bench). */
  incrementalSnapshots = 0;
  constructor(private readonly ctx: HandlerContext) {}

  private roots(configPath: string): { root: string; roots: ClientConfigModel['roots']; key: string } {
    const root = resolveConfigPath(this.ctx, configPath);
    // ssh checks the permissions of its default ~/.ssh/config (not of a file given with -F).
    const roots: ClientConfigModel['roots'] = [{ path: root, kind: 'user', checkPermissions: configPath === '' }];
    // With the default config, ssh also reads the system file; an explicit file is `ssh -F`, alone.
    if (configPath === '' && this.ctx.systemConfigPath) roots.push({ path: this.ctx.systemConfigPath, kind: 'system' });
    return { root, roots, key: JSON.stringify(roots) };
  }

  load(configPath: string): { model: ClientConfigModel; input: EditInput; root: string } {
    const { root, roots, key } = this.roots(configPath);
    const loadOptions = { homeDir: this.ctx.homeDir, platform: this.ctx.platform, cache: this.cache };
    // Reuse the last model while every file it read is byte-identical (checked by hash each call).
    let model: ClientConfigModel;
    if (this.last && this.last.key === key && modelIsCurrent(this.last.model, loadOptions)) model = this.last.model;
    else {
      model = loadModel(roots, loadOptions);
      this.cache = new Map(model.files);
      this.last = { key, model };
    }
    const input: EditInput = {
      model,
      loadOptions,
      env: { localUser: this.ctx.localUser, homeDir: this.ctx.homeDir },
      editable: (file) => model.fileKinds.get(file) === 'user',
    };
    return { model, input, root };
  }

  async snapshot(configPath: string, natTimeout = DEFAULT_NAT_TIMEOUT): Promise<ConfigSnapshot> {
    const { root, key } = this.roots(configPath);
    const undo = await undoableChange(this.ctx.stateDir, root);
    const prev = this.lastSnap;
    if (prev && prev.key === key && prev.natTimeout === natTimeout && filesStillAre(prev.files)) {
      return withUndo(prev.snapshot, undo);
    }
    const { model, input } = this.load(configPath);
    const snapshot = snapshotOf(model, input.env, natTimeout, undo !== null, undo ? asPhrase(undo.description) : undefined);
    // A model with an unreadable file is never reused (the user may fix the file): nor its snapshot.
    this.lastSnap = model.unreadable.length === 0 ? { key, natTimeout, files: filesStateOf(model), snapshot } : undefined;
    return snapshot;
  }

  /** hosts:list: the snapshot, refused as `ssh -F` refuses a config that is not there. */
  async list(configPath: string, natTimeout = DEFAULT_NAT_TIMEOUT): Promise<ConfigSnapshot> {
    refuseMissingExplicit(configPath, resolveConfigPath(this.ctx, configPath));
    return this.snapshot(configPath, natTimeout);
  }

  /** "Which settings apply to NAME?" (hosts:lookup, `ssh-keepalive which NAME`). */
  lookup(req: HostLookupRequest): HostLookup {
    refuseMissingExplicit(req.configPath, resolveConfigPath(this.ctx, req.configPath));
    const { model, input, root } = this.load(req.configPath);
    return lookupHost(model, req.name, input.env, root, req.natTimeoutSeconds ?? DEFAULT_NAT_TIMEOUT);
  }

  preview(intent: KeepaliveIntent): KeepalivePreview {
    const { input } = this.load(intent.configPath);
    const plan = planKeepalive(input, intent);
    this.lastPlan = { model: input.model, key: planKey(intent), plan };
    if (plan.kind === 'noop') return plan;
    if (plan.kind === 'edit') {
      const notes = intent.target.kind === 'all' && intent.action === 'on' ? allHostsNotes(input, plan.change, intent.interval ?? DEFAULT_INTERVAL, resolveConfigPath(this.ctx, intent.configPath)) : undefined;
      return { kind: 'edit', summary: plan.change.summary, edits: previewFiles(plan.change), ...(notes ? { notes } : {}) };
    }
    return {
      kind: 'blocked',
      reason: plan.reason,
      summary: plan.summary,
      decidedBy: plan.decidedBy,
      alternatives: plan.alternatives.map((a) => ({ id: a.id, label: a.label, edits: previewFiles(a.change) })),
    };
  }

  /**
   * Writes the change the user saw in the preview: read, refuse a file changed since, plan again,
   * write, journal for undo, then the new snapshot (incremental after our own edit).
   */
  async apply(req: ApplyRequest, natTimeout = DEFAULT_NAT_TIMEOUT): Promise<ApplyResult> {
    const { model, input, root } = this.load(req.configPath);
    refuseChangedSince(model, req.baseHashes);
    const cached = this.lastPlan;
    this.lastPlan = undefined; // the files are about to change: no plan outlives a write
    const reuse = cached !== undefined && cached.model === model && cached.key === planKey(req);
    if (reuse) this.reusedPlans++;
    const plan = reuse ? cached.plan : planKeepalive(input, req);
    const change = chosenChange(plan, req.alternative);
    const outcomes = await writeChange(change, req.baseHashes);
    await recordChange(this.ctx.stateDir, root, change.summary, outcomes);
    this.rememberWritten(model, change, outcomes);
    return {
      snapshot: await this.snapshotAfter(req.configPath, natTimeout, input, change, outcomes),
      summary: change.summary,
      message: `${change.summary} ${NEW_CONNECTIONS_NOTE}`,
      changedFiles: change.files.map((f) => f.file),
    };
  }

  /** Seeds the cache with what was just written, so the next model does not lex those files again. */
  private rememberWritten(model: ClientConfigModel, change: Change, outcomes: WriteOutcome[]): void {
    for (const [i, f] of change.files.entries()) {
      const old = model.files.get(f.file);
      this.cache.set(f.file, {
        path: f.file,
        exists: true,
        text: f.after,
        encoding: f.encoding,
        hash: outcomes[i]!.afterHash,
        lines: f.lines(),
        mode: old?.exists ? old.mode : 0o600,
        uid: old?.exists ? old.uid : (process.getuid?.() ?? null),
        gid: old?.exists ? (old.gid ?? null) : (process.getgid?.() ?? null),
      });
    }
  }

  /**
   * The snapshot after our own local edit: the last one with a few rows recomputed when it
   * described exactly the files the change was planned on, else a full one.
   */
  private async snapshotAfter(configPath: string, natTimeout: number, input: EditInput, change: Change, outcomes: WriteOutcome[]): Promise<ConfigSnapshot> {
    const { key } = this.roots(configPath);
    const prev = this.lastSnap;
    const newHashes = new Map(change.files.map((f, i) => [f.file, outcomes[i]!.afterHash]));
    if (!prev || prev.key !== key || prev.natTimeout !== natTimeout || !sameFiles(prev.files, filesStateOf(input.model))) {
      return this.snapshot(configPath, natTimeout);
    }
    const next = snapshotAfterLocalChange(prev.snapshot, input.model, change, newHashes, input.loadOptions, input.env);
    if (!next) return this.snapshot(configPath, natTimeout);
    this.incrementalSnapshots++;
    const snapshot = withUndo(next, { description: change.summary });
    const hashes = new Map(prev.files.hashes);
    for (const [f, h] of newHashes) hashes.set(f, h);
    this.lastSnap = { key, natTimeout, files: { hashes, globs: prev.files.globs }, snapshot };
    return snapshot;
  }

  async undo(configPath: string, natTimeout = DEFAULT_NAT_TIMEOUT): Promise<UndoResult> {
    const root = resolveConfigPath(this.ctx, configPath);
    const { files, description } = await undoLast(this.ctx.stateDir, root);
    return {
      snapshot: await this.snapshot(configPath, natTimeout),
      undone: asPhrase(description),
      message: `Undone: ${description} ${NEW_CONNECTIONS_NOTE}`,
      restoredFiles: files,
    };
  }
}

/**
 * `ssh -F FILE` refuses a file that is not there ("Can't open user config file FILE: No such file
 * or directory"); so does reading one. A missing default ~/.ssh/config is an empty list, as for ssh.
 * (A change may still create an explicit file, and undo remove it again: only reading refuses.)
 */
function refuseMissingExplicit(configPath: string, root: string): void {
  if (configPath === '') return;
  try {
    fs.statSync(root);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return; // anything else: the read reports it
    throw new AppError('not-found', `Can't open user config file ${root}: ${code === 'ENOENT' ? 'No such file or directory' : 'Not a directory'}`, { file: root });
  }
}

/** What a plan depends on besides the model: the intent without the alternative chosen or the base hashes. */
function planKey(intent: KeepaliveIntent): string {
  return JSON.stringify([intent.configPath, intent.target, intent.action, intent.interval ?? null, intent.countMax ?? null]);
}

/** The renderer prepared the change against the files it saw: any difference is a conflict. */
function refuseChangedSince(model: ClientConfigModel, baseHashes: Record<string, string>): void {
  for (const [file, hash] of Object.entries(baseHashes)) {
    const now = model.files.get(file)?.hash;
    if (now !== undefined && now !== hash) {
      throw new AppError('conflict', `${file} changed on disk since it was shown (another program edited it). Nothing was written; the view has been reloaded.`, { file });
    }
  }
}

/** The plan's edit, or the alternative the user chose when the direct edit would do nothing. */
function chosenChange(plan: Plan, alternative: string | undefined): Change {
  if (plan.kind === 'edit') return plan.change;
  if (plan.kind === 'noop') throw new AppError('invalid-input', plan.summary);
  const alt = plan.alternatives.find((a) => a.id === alternative);
  if (!alt) throw new AppError('blocked', plan.summary, plan.decidedBy.kind === 'line' ? { file: plan.decidedBy.file, line: plan.decidedBy.line } : undefined);
  return alt.change;
}

/** Every file of the change, each written atomically over the bytes it was planned on; all checked before the first write. */
async function writeChange(change: Change, baseHashes: Record<string, string>): Promise<WriteOutcome[]> {
  for (const f of change.files) {
    const base = baseHashes[f.file];
    if (base !== undefined && base !== f.baseHash) throw new AppError('conflict', `${f.file} changed on disk since it was shown. Nothing was written.`, { file: f.file });
  }
  const outcomes: WriteOutcome[] = [];
  for (const f of change.files) {
    outcomes.push(await writeFileAtomic(f.file, encodeText(f.after, f.encoding), { baseHash: f.baseHash, newFileMode: 0o600, newDirMode: 0o700 }));
  }
  return outcomes;
}

function withUndo(snapshot: ConfigSnapshot, undo: { description: string } | null): ConfigSnapshot {
  const out: ConfigSnapshot = { ...snapshot, canUndo: undo !== null };
  delete out.undoDescription;
  if (undo) out.undoDescription = asPhrase(undo.description);
  return out;
}

function previewFiles(change: Change) {
  return change.files.map((f) => ({ file: f.file, baseHash: f.baseHash, created: f.created, diff: lineDiff(f.before, f.after) }));
}

