import { mkdtempSync, promises as fs, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/**
 * A test file's scratch directories: `tmp(prefix)` makes one under the system temp directory and
 * gives its real path (no symlink on the way: the path the code under test resolves too); all of
 * them are removed after the tests of the suite this was called in.
 */
export function tempDirs(): (prefix: string) => string {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
  });
  return (prefix) => {
    const d = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
    dirs.push(d);
    return d;
  };
}
