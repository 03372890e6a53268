import path from 'node:path';
import type { UndoInfo } from '../../../common/contract/system';
import { readConfigFile } from '../files/read';
import { writeFileAtomic } from '../files/write';
import type { SystemTarget } from '../openssh/system-keywords';
import { BACKUP_ROOT, listEntries, type BackupEntry } from './helper/backups';

/**
 * What "This computer" offers of the newest change the helper recorded: Undo only while every
 * file is still as the app wrote it (the helper would refuse anything else, after a password
 * prompt); otherwise the entry is history, with why, that the user may discard. Discarding is the
 * user's own note in the app's state dir: root's backup itself is never deleted from here.
 */
export async function undoInfo(target: SystemTarget, stateDir: string, root = BACKUP_ROOT): Promise<UndoInfo | null> {
  const last = (await listEntries(target, root)).at(-1);
  if (!last || (await discarded(stateDir)).includes(last.id)) return null;
  const info: UndoInfo = { entry: last.id, description: last.description, createdAt: last.createdAt };
  const stale = await staleReason(last);
  if (stale) info.stale = stale;
  return info;
}

/** Why the entry can no longer be undone, or null while it can (or when a file cannot be read: the helper checks as root). */
export async function staleReason(entry: Pick<BackupEntry, 'files'>): Promise<string | null> {
  let applied = false;
  for (const f of entry.files) {
    let hash: string;
    try {
      hash = (await readConfigFile(f.path)).hash;
    } catch {
      return null;
    }
    if (hash === f.afterHash) applied = true;
    else if (hash !== f.beforeHash) return `${f.path} changed since SSH Keepalive wrote it; undoing would lose that change`;
  }
  return applied ? null : 'the files are already as they were before this change';
}

const NOTE = 'discarded-system-undo.json';
const KEEP = 50;

async function discarded(stateDir: string): Promise<string[]> {
  try {
    const list: unknown = JSON.parse((await readConfigFile(path.join(stateDir, NOTE))).text || '[]');
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Hides the newest entry of `target` when it is `entry`; refused for any other (a newer change happened since). */
export async function discardUndo(target: SystemTarget, stateDir: string, entry: string, root = BACKUP_ROOT): Promise<boolean> {
  const last = (await listEntries(target, root)).at(-1);
  if (!last || last.id !== entry) return false;
  const file = path.join(stateDir, NOTE);
  const before = await readConfigFile(file);
  const list = [...(await discarded(stateDir)).filter((id) => id !== entry), entry].slice(-KEEP);
  await writeFileAtomic(file, Buffer.from(JSON.stringify(list) + '\n'), { baseHash: before.hash, newFileMode: 0o600, newDirMode: 0o700 });
  return true;
}
