/**
 * Time as the probe sees it. Real runs use the wall clock; the UI e2e runs the same probe against a
 * simulated NAT on a faster clock, so a 5-minute timeout is measured in seconds.
 */
export interface Clock {
  /** Milliseconds. */
  now(): number;
  /** Resolves after `ms` (clock milliseconds), or rejects when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/** `speed` clock milliseconds pass per real millisecond (1 = the wall clock). */
export function scaledClock(speed = 1): Clock {
  const start = Date.now();
  return {
    now: () => start + (Date.now() - start) * speed,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(abortError(signal));
        const onAbort = () => {
          clearTimeout(timer);
          reject(abortError(signal as AbortSignal));
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, Math.max(0, ms / speed));
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
}

export const realClock: Clock = scaledClock(1);
