import fs from 'node:fs';
import path from 'node:path';

/**
 * Calls `onChange` when any of `files` changes on disk. Watches the directories, not the files:
 * editors and our own atomic writes replace a file by renaming over it, which a watch on the old
 * inode would miss. Events are debounced so one save is one callback.
 */
export function watchFiles(files: readonly string[], onChange: (changed: string[]) => void, debounceMs = 120): () => void {
  const byDir = new Map<string, Set<string>>();
  for (const f of files) {
    const dir = path.dirname(f);
    if (!byDir.has(dir)) byDir.set(dir, new Set());
    byDir.get(dir)!.add(path.basename(f));
  }
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watchers: fs.FSWatcher[] = [];
  for (const [dir, names] of byDir) {
    let w: fs.FSWatcher;
    try {
      w = fs.watch(dir, { persistent: false }, (_event, name) => {
        const n = name?.toString();
        if (n !== undefined && !names.has(n)) return;
        for (const f of n === undefined ? [...names] : [n]) pending.add(path.join(dir, f));
        clearTimeout(timer);
        timer = setTimeout(() => {
          const changed = [...pending];
          pending.clear();
          onChange(changed);
        }, debounceMs);
      });
    } catch {
      continue; // a directory that does not exist yet (no ~/.ssh): nothing to watch there
    }
    w.on('error', () => undefined);
    watchers.push(w);
  }
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
