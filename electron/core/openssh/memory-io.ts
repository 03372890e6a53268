import path from 'node:path';
import { hashBytes } from '../files/read';
import type { TreeIo } from './config-tree';

/** A TreeIo over an in-memory file map (absolute path -> text), for pure planner tests and previews. */
export function memoryIo(files: Record<string, string>): TreeIo {
  return {
    async read(file) {
      const text = files[file];
      return text === undefined ? { exists: false, text: '', hash: '' } : { exists: true, text, hash: hashBytes(text) };
    },
    async list(dir) {
      return Object.keys(files)
        .filter((f) => path.posix.dirname(f) === dir)
        .map((f) => path.posix.basename(f));
    },
  };
}
