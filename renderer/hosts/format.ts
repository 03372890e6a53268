import type { ValueSource } from '../../common/contract/hosts';
import { MAX_INTERVAL, MIN_INTERVAL } from '../../common/contract/keepalive';
import type { AppErrorData } from '../../common/contract/errors';

/** "conf.d/work.conf:3" for files beside the root config, the full path otherwise. */
export function shortPath(file: string, configPath: string): string {
  const sep = configPath.includes('\\') && !configPath.includes('/') ? '\\' : '/';
  const dir = configPath.slice(0, configPath.lastIndexOf(sep) + 1);
  return dir && file.startsWith(dir) ? file.slice(dir.length) : file;
}

export function formatSource(source: ValueSource, configPath: string): string {
  return source.kind === 'default' ? 'OpenSSH default' : `${shortPath(source.file, configPath)}:${source.line}`;
}

export function fullSource(source: ValueSource): string {
  return source.kind === 'default' ? 'OpenSSH default' : `${source.file}:${source.line}`;
}

export type Parsed = { ok: true; value: number } | { ok: false; message: string };

/** The same rule as the contract's Interval schema, with a message a person can act on. */
export function parseInterval(text: string): Parsed {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'Enter an interval in seconds (60 is a good choice).' };
  if (!/^\d+$/.test(trimmed)) return { ok: false, message: 'The interval must be a whole number of seconds, for example 60.' };
  const value = Number(trimmed);
  if (value < MIN_INTERVAL || value > MAX_INTERVAL) {
    return { ok: false, message: `The interval must be between ${MIN_INTERVAL} and ${MAX_INTERVAL} seconds.` };
  }
  return { ok: true, value };
}

export const MAX_NAT_TIMEOUT = 7 * 86_400;

export function parseNatTimeout(text: string): Parsed {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1 || Number(trimmed) > MAX_NAT_TIMEOUT) {
    return { ok: false, message: `The NAT timeout must be a whole number of seconds between 1 and ${MAX_NAT_TIMEOUT}.` };
  }
  return { ok: true, value: Number(trimmed) };
}

export function formatDuration(seconds: number): string {
  if (seconds % 3600 === 0 && seconds >= 3600) return `${seconds / 3600} h`;
  if (seconds % 60 === 0 && seconds >= 60) return `${seconds / 60} min`;
  return `${seconds} s`;
}

export function describeError(error: AppErrorData): string {
  const place = error.file ? `${error.file}${error.line !== undefined ? `:${error.line}` : ''}` : '';
  // Many messages already name their file ("… changed since …"): saying it twice is noise.
  const where = place && !error.message.includes(place) ? ` (${place})` : '';
  return `${error.message}${where}`;
}
