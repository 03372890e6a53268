import { promises as fs } from 'node:fs';
import path from 'node:path';
import { encodeText, hashBytes, readConfigFile } from '../../files/read';
import { removeFileChecked, writeFileAtomic } from '../../files/write';
import { systemLayout, type SystemLayout } from '../../openssh/system-layout';
import { fsTreeIo } from '../fs-io';
import type { SystemTarget } from '../../openssh/system-keywords';
import { PlanBlocked, planSystemChange, type FileEdit } from '../../openssh/system-plan';
import { findSshd, sshdCheck } from '../sshd';
import { createEntry, dropEntry, listEntries, readCopy, type BackupEntry } from './backups';
import { checkWritable, GuardError } from './guard';
import { reloadSshd, type ReloadOutcome } from './reload';
import { parseRequest, RequestError, type HelperRequest } from './request';
import type { ChangedFile, HelperErrorCode, HelperResponse } from './response';
import { checkStateDirs, withScratchDir, writeNewFile } from './state-dir';
import { candidateProblem } from './validate';

/**
 * The privileged helper's logic (runs as root). It knows its allowlist itself, trusts nothing in
 * the request beyond a validated intent, plans the edit with the same pure function the app used,
 * and writes only after every check passed. Any failure before the first write changes nothing;
 * a failure after it restores the backup.
 */
class Refusal extends Error {
  constructor(
    readonly code: HelperErrorCode,
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

export async function handleRequest(raw: string | Buffer): Promise<HelperResponse> {
  try {
    const request = parseRequest(raw);
    if (process.platform !== 'linux') throw new Refusal('unsupported', `System changes are not supported on ${process.platform} yet`);
    return request.op === 'apply' ? await apply(request) : await undo(request);
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, error: stripUndefined({ code: err.code, message: err.message, file: err.file, line: err.line }) };
    if (err instanceof RequestError) return { ok: false, error: { code: 'refused', message: `Refused: ${err.message}` } };
    if (err instanceof GuardError) return { ok: false, error: { code: 'refused', message: `Refused: ${err.message}`, file: err.file } };
    if (err instanceof PlanBlocked) return { ok: false, error: { code: 'refused', message: err.message, file: err.file, line: err.line } };
    const e = err as { code?: string; message?: string; file?: string };
    const code: HelperErrorCode = e.code === 'conflict' ? 'conflict' : 'io';
    return { ok: false, error: stripUndefined({ code, message: String(e.message ?? err), file: e.file }) };
  }
}

function stripUndefined<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

async function requireSshd(target: SystemTarget, layout: SystemLayout): Promise<string | null> {
  // Before any tool reads it: a FIFO or device here would block sshd/ssh (or feed them anything).
  const st = await fs.stat(layout.root).catch(() => null);
  if (st && !st.isFile()) throw new Refusal('refused', `Refused: ${layout.root} is not a regular file`, layout.root);
  if (target !== 'sshd_config') return null;
  const sshd = await findSshd();
  if (!sshd) throw new Refusal('unsupported', 'No sshd is installed here');
  const problem = await sshdCheck(sshd, layout.root);
  if (problem) throw new Refusal('invalid-config', `The current sshd configuration is already rejected by sshd -t, so nothing was changed: ${problem}`, layout.root);
  return sshd;
}

/**
 * Temp files of a write that was killed before its rename (`.<name>.ssh-keepalive-<hex>.tmp`, see
 * core/files/write). They never match an Include glob or a config name, but should not pile up.
 * Only ours, only root-owned regular files, only when older than a minute (not a concurrent run).
 */
const STALE_TEMP = /^\..+\.ssh-keepalive-[0-9a-f]{12}\.tmp$/;
async function removeStaleTemps(layout: SystemLayout): Promise<void> {
  for (const dir of [path.dirname(layout.root), layout.dropInDir]) {
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      if (!STALE_TEMP.test(name)) continue;
      const file = path.join(dir, name);
      const st = await fs.lstat(file).catch(() => null);
      if (st && st.isFile() && st.uid === 0 && Date.now() - st.mtimeMs > 60_000) await fs.rm(file).catch(() => undefined);
    }
  }
}

async function apply(req: Extract<HelperRequest, { op: 'apply' }>): Promise<HelperResponse> {
  const layout = systemLayout(req.target);
  await checkStateDirs();
  await removeStaleTemps(layout);
  // Paths in `seen` are only compared, never opened; an unknown one is still a refusal.
  const sshd = await requireSshd(req.target, layout);
  const plan = await planSystemChange(req.target, layout, fsTreeIo, req.changes);
  for (const file of Object.keys(req.seen)) {
    if (!(file in plan.inputs)) throw new Refusal('refused', `Refused: ${file} is not part of the ${req.target} configuration`, file);
  }
  for (const [file, hash] of Object.entries(plan.inputs)) {
    if (!(file in req.seen)) throw new Refusal('refused', `Refused: no hash for ${file}; preview the change first`, file);
    if (req.seen[file] !== hash) {
      throw new Refusal('conflict', `${file} changed since the preview (another program edited it). Nothing was written; reload and try again.`, file);
    }
  }
  for (const e of plan.edits) await checkWritable(layout, e.file, e.created);
  if (plan.edits.length === 0) return done('apply', req.target, [], '', true, null, 'Nothing to change: the files already say this.');

  const prepared = await Promise.all(plan.edits.map(prepare));
  await validateCandidates(req.target, sshd, prepared.map((p) => p.write));
  const description = req.changes.map((c) => (c.action === 'set' ? `${c.keyword} ${String(c.value)}` : `unset ${c.keyword}`)).join(', ');
  const entry = await createEntry(req.target, description, prepared.map((p) => p.backup));
  const changed = await writeAll(prepared.map((p) => p.write));
  const validated = await postCheck(sshd, layout, entry);
  const reload = req.reload && sshd ? await reloadSshd(sshd) : null;
  return done('apply', req.target, changed, entry.id, validated, reload, `Written: ${changed.map((c) => c.file).join(', ')}.`);
}

async function undo(req: Extract<HelperRequest, { op: 'undo' }>): Promise<HelperResponse> {
  const layout = systemLayout(req.target);
  // The entry's paths and bytes are what root writes back: they must come from root's own directory.
  await checkStateDirs();
  const sshd = await requireSshd(req.target, layout);
  const entries = await listEntries(req.target, undefined, { trusted: true });
  const entry = entries.at(-1);
  if (!entry || entry.id !== req.entry) throw new Refusal('refused', 'Refused: that change is not the newest one SSH Keepalive made, or it was already undone');
  const writes: PlannedWrite[] = [];
  for (const f of entry.files) {
    // The journal is root's own, but its paths get the same checks as any write before being read.
    await checkWritable(layout, f.path, true);
    const current = await readConfigFile(f.path).catch(() => null);
    const hash = current?.hash ?? null;
    if (hash === f.beforeHash) continue; // that part never happened (a change cut short)
    if (hash !== f.afterHash) throw new Refusal('conflict', `${f.path} changed since SSH Keepalive edited it; undo would lose those changes. Nothing was restored.`, f.path);
    const bytes = await readCopy(entry, f);
    if (bytes !== null && hashBytes(bytes) !== f.beforeHash) throw new Refusal('io', `The backup of ${f.path} is damaged; nothing was restored.`, f.path);
    const action = bytes === null ? 'deleted' : current?.exists ? 'modified' : 'created';
    writes.push({ file: f.path, bytes, baseHash: f.afterHash, action, replaced: current?.exists ? current.bytes : null });
  }
  await validateCandidates(req.target, sshd, writes);
  const changed = await writeAll(writes);
  let validated = true;
  if (sshd) {
    const problem = await sshdCheck(sshd, layout.root);
    validated = problem === null;
    if (!validated) {
      // Put back what the undo replaced: it must not leave a config sshd rejects either.
      await writeAll(
        writes.map((w) => ({ file: w.file, bytes: w.replaced, baseHash: w.bytes === null ? '' : hashBytes(w.bytes), action: 'modified' as const, replaced: null })),
      ).catch(() => undefined);
      throw new Refusal('invalid-config', `sshd -t rejects the restored configuration, so nothing was restored: ${problem}`, layout.root);
    }
  }
  await dropEntry(entry);
  const reload = req.reload && sshd ? await reloadSshd(sshd) : null;
  return done('undo', req.target, changed, '', validated, reload, `Restored: ${changed.map((c) => c.file).join(', ') || 'nothing left to restore'}.`);
}

function done(op: 'apply' | 'undo', target: SystemTarget, changed: ChangedFile[], backup: string, validated: boolean, reload: ReloadOutcome | null, message: string): HelperResponse {
  return { ok: true, op, target, changed, backup, validated, reload, message };
}

interface PlannedWrite {
  file: string;
  /** null = delete */
  bytes: Buffer | null;
  baseHash: string;
  action: ChangedFile['action'];
  /** The bytes this write replaces (null = none), to put back if the result fails validation. */
  replaced: Buffer | null;
}

async function prepare(e: FileEdit) {
  const current = await readConfigFile(e.file);
  if (current.hash !== e.baseHash) throw new Refusal('conflict', `${e.file} changed while the change was being prepared; nothing was written.`, e.file);
  const bytes = e.after === null ? null : encodeText(e.after, e.created ? 'utf8' : current.encoding);
  const action = e.after === null ? 'deleted' : e.created ? 'created' : 'modified';
  const write: PlannedWrite = { file: e.file, bytes, baseHash: e.baseHash, action, replaced: current.exists ? current.bytes : null };
  const backup = {
    path: e.file,
    before: current.exists ? current.bytes : null,
    beforeHash: current.hash,
    afterHash: bytes === null ? '' : hashBytes(bytes),
    mode: current.mode,
  };
  return { write, backup };
}

async function writeAll(writes: PlannedWrite[]): Promise<ChangedFile[]> {
  const changed: ChangedFile[] = [];
  for (const w of writes) {
    if (w.bytes === null) await removeFileChecked(w.file, w.baseHash);
    else await writeFileAtomic(w.file, w.bytes, { baseHash: w.baseHash, newFileMode: 0o644, newDirMode: 0o755 });
    changed.push({ file: w.file, action: w.action });
  }
  return changed;
}

/**
 * Checks each new file on its own before anything is written (sshd -t / the lexer), as a copy in a
 * fresh root-only directory under /var/lib/ssh-keepalive: never TMPDIR (state-dir.ts says why).
 */
async function validateCandidates(target: SystemTarget, sshd: string | null, writes: PlannedWrite[]): Promise<void> {
  if (writes.every((w) => w.bytes === null)) return;
  await withScratchDir(async (dir) => {
    for (const [i, w] of writes.entries()) {
      if (w.bytes === null) continue;
      const candidate = path.join(dir, `${i}-${path.basename(w.file)}`);
      await writeNewFile(candidate, w.bytes, 0o600);
      const problem = await candidateProblem(target, sshd, candidate, w.bytes);
      if (problem) throw new Refusal('invalid-config', `The new ${w.file} would be rejected, so nothing was written: ${problem}`, w.file);
    }
  });
}

/** After writing: sshd -t on the whole config; on failure the backup comes back and we say so. */
async function postCheck(sshd: string | null, layout: SystemLayout, entry: BackupEntry): Promise<boolean> {
  if (!sshd) return true;
  const problem = await sshdCheck(sshd, layout.root);
  if (problem === null) return true;
  for (const f of [...entry.files].reverse()) {
    const bytes = await readCopy(entry, f);
    if (bytes === null) await removeFileChecked(f.path, f.afterHash).catch(() => undefined);
    else await writeFileAtomic(f.path, bytes, { baseHash: f.afterHash }).catch(() => undefined);
  }
  await dropEntry(entry);
  throw new Refusal('invalid-config', `sshd -t rejected the result, so the previous files were put back: ${problem}`, layout.root);
}
