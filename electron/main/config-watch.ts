import type { EventOf } from '../../common/contract/channels';
import type { Handlers } from '../core/kernel/dispatch';
import { watchFiles } from '../core/files/watch';

export type WatchFn = (files: readonly string[], onChange: (changed: string[]) => void) => () => void;

/**
 * Wraps the handlers so the files of the latest `hosts:list` snapshot (the config and everything it
 * includes) are watched; a change on disk, by another program or by us, becomes `config:changed`.
 * Returns the wrapped handlers and a function that stops watching.
 */
export function watchListedConfigs(
  handlers: Handlers,
  notify: (payload: EventOf<'config:changed'>) => void,
  watch: WatchFn = watchFiles,
): { handlers: Handlers; stop: () => void } {
  let stopWatching: (() => void) | null = null;
  let watchedKey = '';
  const stop = (): void => {
    stopWatching?.();
    stopWatching = null;
    watchedKey = '';
  };
  const wrapped: Handlers = {
    ...handlers,
    'hosts:list': async (request) => {
      const snapshot = await handlers['hosts:list'](request);
      const files = snapshot.files.map((f) => f.path);
      const key = [snapshot.configPath, ...files].join('\0');
      if (key !== watchedKey) {
        stop();
        watchedKey = key;
        stopWatching = watch(files, (changed) => notify({ configPath: snapshot.configPath, files: changed }));
      }
      return snapshot;
    },
  };
  return { handlers: wrapped, stop };
}
