import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../common/contract/errors';

/** A file or folder the user chose in the app, behind an opaque handle. */
export interface Picked {
  /** The real path: the user's own file (Electron dialog) or the host's copy of an upload. */
  path: string;
  /** What the page shows: the picked path, or an upload's file name. */
  label: string;
  /**
   * An upload: edits change the host's copy, which the page then offers as a download. `journal`:
   * the state directory of that copy's undo journal, removed with the copy (never the user's own
   * journal, where every upload would leave copies for good).
   */
  upload: { name: string; journal: string } | null;
}

/** How many picks one app run keeps (the oldest are forgotten, an upload's copy deleted). */
const MAX_PICKS = 64;
/** Uploads of runs that ended without cleaning up (a crash) are removed after a day. */
const STALE_MS = 24 * 3600 * 1000;

/**
 * The handle store behind `picked` sources: a random id per file the user chose, mapped to its real
 * path here on the main side, so a request can name only what the user picked, never a path.
 */
export class PickedFiles {
  private readonly entries = new Map<string, Picked>();
  private runDir: Promise<string> | null = null;

  /** `uploadRoot`: where uploaded copies are kept (a 0700 folder of the app's state). */
  constructor(private readonly uploadRoot: string) {}

  /** A path the user chose in a native dialog (Electron main). */
  register(realPath: string): string {
    return this.add({ path: realPath, label: realPath, upload: null });
  }

  /** Bytes the user chose in the page (web host): kept as a 0600 copy in a folder of its own. */
  async upload(name: string, bytes: Buffer): Promise<{ handle: string; label: string }> {
    const handle = newHandle();
    const runDir = await this.ensureRunDir();
    const dir = path.join(runDir, handle);
    await fs.mkdir(dir, { mode: 0o700 });
    const file = path.join(dir, storedName(name));
    // O_EXCL|O_NOFOLLOW: a fresh file in a fresh private folder, never through a planted link.
    const h = await fs.open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
    try {
      await h.writeFile(bytes);
    } finally {
      await h.close();
    }
    const label = displayName(name);
    // Handles are base64url (no '.'): `<handle>.journal` never meets another upload's folder.
    this.add({ path: file, label, upload: { name: label, journal: path.join(runDir, `${handle}.journal`) } }, handle);
    return { handle, label };
  }

  get(handle: string): Picked {
    const p = this.entries.get(handle);
    if (!p) throw new AppError('not-found', 'That file was chosen in an earlier run of the app (or too many files ago): choose it again.');
    return p;
  }

  private add(p: Picked, handle = newHandle()): string {
    this.entries.set(handle, p);
    while (this.entries.size > MAX_PICKS) {
      const [oldest, old] = this.entries.entries().next().value as [string, Picked];
      this.entries.delete(oldest);
      if (old.upload) {
        void fs.rm(path.dirname(old.path), { recursive: true, force: true }).catch(() => undefined);
        void fs.rm(old.upload.journal, { recursive: true, force: true }).catch(() => undefined);
      }
    }
    return handle;
  }

  private ensureRunDir(): Promise<string> {
    this.runDir ??= (async () => {
      await fs.mkdir(this.uploadRoot, { recursive: true, mode: 0o700 });
      await fs.chmod(this.uploadRoot, 0o700);
      for (const name of await fs.readdir(this.uploadRoot).catch(() => [])) {
        const p = path.join(this.uploadRoot, name);
        const st = await fs.lstat(p).catch(() => null);
        if (st && Date.now() - st.mtimeMs > STALE_MS) await fs.rm(p, { recursive: true, force: true }).catch(() => undefined);
      }
      return fs.mkdtemp(path.join(this.uploadRoot, 'run-'));
    })();
    return this.runDir;
  }
}

/** 24 random bytes: 32 base64url characters, the contract's PickedHandle. */
function newHandle(): string {
  return randomBytes(24).toString('base64url');
}

/** The name as shown: its last path component (browsers send only that), without control characters. */
function displayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean === '' || clean === '.' || clean === '..' ? 'upload' : clean;
}

/**
 * The copy keeps the upload's name where it is a plain one: a PuTTY session file's name is its
 * session name. Anything else is stored as `upload` (the content decides the format).
 */
function storedName(name: string): string {
  const base = displayName(name);
  return /^[A-Za-z0-9 +\-.@_%()]{1,255}$/.test(base) ? base : 'upload';
}
