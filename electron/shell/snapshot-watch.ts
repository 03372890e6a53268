import type { Channel, EventOf } from '../../common/contract/channels';
import type { ConfigSnapshot } from '../../common/contract/hosts';
import type { Handler, Handlers } from '../core/kernel/dispatch';
import { watchFiles } from '../core/files/watch';

export type WatchFn = (files: readonly string[], onChange: (changed: string[]) => void) => () => void;

export interface SnapshotWatcherOptions {
  /** Follow only this config (the web host serves one file); default: whichever was listed last. */
  only?: string;
  /** The file watcher (default: core/files watchFiles). */
  watch?: WatchFn;
}

/**
 * Follows the files the latest config snapshot reads: the config and everything it includes, a set
 * that grows and shrinks as Include lines change. A change on disk, by another program or by us,
 * is reported as `config:changed`. The same set in another order does not re-arm the watch, so no
 * change falls between two watches. Both shells use it (Electron: to the window; web: over SSE).
 */
export class SnapshotWatcher {
  private key = '';
  private stopWatching: (() => void) | null = null;

  constructor(
    private readonly notify: (payload: EventOf<'config:changed'>) => void,
    private readonly options: SnapshotWatcherOptions = {},
  ) {}

  /** Watches `configPath` (even before it exists: its directory is watched) and `files`. */
  watch(configPath: string, files: Iterable<string>): void {
    const list = [...new Set([configPath, ...files])].sort();
    const key = [configPath, ...list].join('\0');
    if (key === this.key) return;
    this.close();
    this.key = key;
    this.stopWatching = (this.options.watch ?? watchFiles)(list, (changed) => this.notify({ configPath, files: changed }));
  }

  /** Re-arms on a snapshot (hosts:list) or an answer carrying one (keepalive:apply, keepalive:undo). */
  follow(answer: unknown): void {
    const candidate = (answer as { snapshot?: unknown } | null)?.snapshot ?? answer;
    const snap = candidate as Partial<ConfigSnapshot> | null;
    if (!snap || typeof snap.configPath !== 'string' || !Array.isArray(snap.files)) return;
    if (this.options.only !== undefined && snap.configPath !== this.options.only) return;
    this.watch(snap.configPath, snap.files.map((f) => f.path));
  }

  close(): void {
    this.stopWatching?.();
    this.stopWatching = null;
    this.key = '';
  }
}

/** The handlers, with every answer that names a user config's files shown to the watcher on its way out. */
export function watchingSnapshots(handlers: Handlers, watcher: SnapshotWatcher): Handlers {
  const seen = <C extends Channel>(inner: Handler<C>): Handler<C> => async (request) => {
    const answer = await inner(request);
    watcher.follow(answer);
    return answer;
  };
  return {
    ...handlers,
    'hosts:list': seen(handlers['hosts:list']),
    'keepalive:apply': seen(handlers['keepalive:apply']),
    'keepalive:undo': seen(handlers['keepalive:undo']),
  };
}
