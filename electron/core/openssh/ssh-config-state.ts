import fs from 'node:fs';
import { hashBytes } from '../files/read';
import { expandGlob } from './glob';
import type { ClientConfigModel, LoadOptions } from './ssh-config';

/**
 * Whether a model (or a snapshot made from it) still describes the files: checked on every call
 * that could reuse one, so it hashes and globs but never lexes.
 */

/** What a model or snapshot was computed from: each file's hash and each Include glob's matches. */
export interface FilesState {
  hashes: ReadonlyMap<string, string>;
  globs: readonly { pattern: string; matches: string[] }[];
}

export function filesStateOf(model: ClientConfigModel): FilesState {
  return { hashes: new Map([...model.files.values()].map((f) => [f.path, f.hash])), globs: model.includeGlobs };
}

export function sameFiles(a: FilesState, b: FilesState): boolean {
  if (a.hashes.size !== b.hashes.size) return false;
  for (const [p, h] of a.hashes) if (b.hashes.get(p) !== h) return false;
  return true;
}

/** True when every file still has its hash ('' = missing) and every Include glob matches the same files. */
export function filesStillAre(state: FilesState): boolean {
  for (const [file, expected] of state.hashes) {
    // Hash only: lexing a file just to learn it changed would double the cost of every reload.
    let hash = '';
    try {
      const st = fs.statSync(file);
      if (!st.isFile()) return false;
      hash = hashBytes(fs.readFileSync(file));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return false;
    }
    if (hash !== expected) return false;
  }
  return state.globs.every((g) => {
    const now = expandGlob(g.pattern);
    return now.length === g.matches.length && now.every((m, i) => m === g.matches[i]);
  });
}

/** True when every file of `model` still has the bytes it was built from (and globs match the same files). */
export function modelIsCurrent(model: ClientConfigModel, _opts: LoadOptions): boolean {
  if (model.unreadable.length > 0) return false;
  return filesStillAre(filesStateOf(model));
}
