import { promises as fs } from 'node:fs';
import { readConfigFile } from '../files/read';
import type { TreeIo } from '../openssh/config-tree';

/** Plain file access for the config tree (the app side; the helper wraps it with its own checks). */
export const fsTreeIo: TreeIo = {
  async read(file) {
    const r = await readConfigFile(file);
    return { exists: r.exists, text: r.text, hash: r.hash };
  },
  async list(dir) {
    try {
      return await fs.readdir(dir);
    } catch {
      return [];
    }
  },
};
