import { AppError } from '../../../common/contract/errors';
import type { PuttyImportResult, SessionChangePreview, TakesEffect } from '../../../common/contract/sessions';
import { readConfigFile, recordChange, writeFileAtomic, type WriteOutcome } from '../files';
import { lineDiff } from '../openssh/line-diff';
import { setIniKeys, setRegValues, setUnixSessionKeys } from './edit';
import { escapePuttyRegistryName, escapeWinscpName } from './escape';
import { PUTTY_SESSIONS_KEY, WINSCP_SESSIONS_KEY } from './paths';
import { decodeReg, encodeRegText, type RegData } from './reg';
import { importFromPath, keepaliveValues } from './store';

/**
 * "Turn keepalive on" for sessions of a file or sessions folder, in two steps: the plan (every
 * session's own diff, the files as read) that the preview shows, and the write, which holds to the
 * files the preview saw: a file changed since is refused (`conflict`), nothing is written.
 */
export interface KeepalivePlan {
  before: PuttyImportResult;
  takesEffect: TakesEffect;
  /** The files that change: where, their bytes as read (hash) and the bytes to write. */
  writes: Array<{ path: string; hash: string; next: Buffer; noFollow: boolean }>;
  /** Every file read, changed or not. */
  read: Array<{ file: string; hash: string }>;
  changes: SessionChangePreview[];
  unchanged: string[];
}

const plain = (d: RegData) => (d.kind === 'dword' ? String(d.value) : d.kind === 'sz' ? d.value : '');

/** The key path as the file spells it (escaping may differ in case, e.g. %2f vs %2F). */
function existingKeyPath(text: string, canonical: string): string {
  const m = text.split(/\r\n|\n|\r/).map((l) => l.trim()).find((l) => l.toLowerCase() === `[${canonical}]`.toLowerCase());
  return m ? m.slice(1, -1) : canonical;
}

export function takesEffectOf(format: PuttyImportResult['format']): TakesEffect {
  return format === 'reg' ? 'after-import' : format === 'ini' ? 'winscp-ini' : 'next-open';
}

/** What turning keepalive on (every `interval` s) for `names` in the store at `p` would write. Reads only. */
export async function planKeepaliveInPath(p: string, names: readonly string[], interval: number): Promise<KeepalivePlan> {
  const before = await importFromPath(p);
  // A skipped entry asked for by name is refused whole: nothing changes (rule: bad input changes nothing).
  const refused = before.skipped.filter((x) => names.includes(x.name));
  if (refused.length) {
    throw new AppError('permission', `${refused.map((x) => `"${x.name}" is ${x.reason}`).join('; ')}. Nothing was changed in ${before.location}.`, { file: before.location });
  }
  const wanted = new Set(names);
  const targets = before.sessions.filter((s) => wanted.has(s.name));
  const missing = names.filter((n) => !targets.some((t) => t.name === n));
  if (missing.length) throw new AppError('not-found', `No session named ${missing.map((m) => JSON.stringify(m)).join(', ')} in ${before.location}`, { file: before.location });
  const plan: KeepalivePlan = { before, takesEffect: takesEffectOf(before.format), writes: [], read: [], changes: [], unchanged: [] };

  if (before.format === 'unix') {
    for (const t of targets) {
      const f = await readConfigFile(t.file);
      plan.read.push({ file: f.path, hash: f.hash });
      const next = setUnixSessionKeys(f.text, keepaliveValues('putty', interval).map((v) => ({ key: v.name, value: plain(v.data) })));
      if (next === f.text) plan.unchanged.push(t.name);
      else {
        plan.changes.push({ session: t.name, tool: t.tool, file: f.path, diff: lineDiff(f.text, next) });
        plan.writes.push({ path: f.path, hash: f.hash, next: Buffer.from(next, f.encoding), noFollow: true });
      }
    }
    return plan;
  }

  const f = await readConfigFile(before.location);
  plan.read.push({ file: f.path, hash: f.hash });
  const reg = before.format === 'reg' ? decodeReg(f.bytes, f.path) : null;
  const original = reg ? reg.text : f.text;
  // One session's edit, on the text as it is: its own diff. Edits touch only their session's block, so all of them together are the sum.
  const edit = (text: string, t: (typeof targets)[number]): string => {
    if (reg) {
      const key = t.tool === 'putty' ? `${PUTTY_SESSIONS_KEY}\\${escapePuttyRegistryName(t.name)}` : `${WINSCP_SESSIONS_KEY}\\${escapeWinscpName(t.name)}`;
      return setRegValues(text, existingKeyPath(text, key), keepaliveValues(t.tool, interval));
    }
    const section = existingKeyPath(text, `Sessions\\${escapeWinscpName(t.name)}`);
    return setIniKeys(text, section, keepaliveValues('winscp', interval).map((v) => ({ key: v.name, value: plain(v.data) })));
  };
  let text = original;
  for (const t of targets) {
    const alone = edit(original, t);
    if (alone === original) plan.unchanged.push(t.name);
    else plan.changes.push({ session: t.name, tool: t.tool, file: f.path, diff: lineDiff(original, alone) });
    text = edit(text, t);
  }
  if (text !== original) plan.writes.push({ path: f.path, hash: f.hash, next: reg ? encodeRegText(text, reg.encoding) : Buffer.from(text, f.encoding), noFollow: false });
  return plan;
}

/**
 * Writes the plan: only the keepalive lines change, atomically, with a journal entry (undo) scoped
 * to the store. `expect`: the files as a preview showed them; one that changed since is refused.
 */
export async function enableKeepaliveInPath(
  stateDir: string,
  p: string,
  names: string[],
  interval: number,
  keep?: number,
  expect?: ReadonlyArray<{ file: string; hash: string }>,
): Promise<{ changed: string[]; result: PuttyImportResult; takesEffect: TakesEffect }> {
  const plan = await planKeepaliveInPath(p, names, interval);
  for (const e of expect ?? []) {
    const now = plan.read.find((r) => r.file === e.file);
    if (!now || now.hash !== e.hash) throw new AppError('conflict', `${e.file} changed since the preview. Nothing was written.`, { file: e.file });
  }
  const outcomes: WriteOutcome[] = [];
  // baseHash: a file changed between this plan and the write is refused too.
  for (const w of plan.writes) outcomes.push(await writeFileAtomic(w.path, w.next, { baseHash: w.hash, ...(w.noFollow ? { noFollow: true } : {}) }));
  if (outcomes.length) await recordChange(stateDir, plan.before.location, `Keepalive ${interval} s for ${names.join(', ')}`, outcomes, keep === undefined ? {} : { keep });
  return { changed: outcomes.map((o) => o.path), result: await importFromPath(p), takesEffect: plan.takesEffect };
}
