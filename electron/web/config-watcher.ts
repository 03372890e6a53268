import { watchFiles } from '../core/files/watch';

/**
 * Follows the set of files a config reads (it grows and shrinks as Includes change): the core
 * watcher is re-armed whenever a snapshot names a different set.
 */
export class ConfigWatcher {
  private key = '';
  private stop: (() => void) | null = null;

  constructor(private readonly onChange: (changed: string[]) => void) {}

  watch(files: Iterable<string>): void {
    const list = [...new Set(files)].sort();
    const key = list.join('\n');
    if (key === this.key) return;
    this.close();
    this.key = key;
    this.stop = watchFiles(list, this.onChange);
  }

  close(): void {
    this.stop?.();
    this.stop = null;
    this.key = '';
  }
}
