import type { AppErrorData } from '../contract/errors';
import { formatPlace } from './source';

/**
 * An error for a person: its message, and the file:line it points at when it has a line (a message
 * about a whole file names that file already: "… changed since …").
 */
export function describeError(error: AppErrorData): string {
  return error.file && error.line !== undefined ? `${error.message} (${formatPlace(error.file, error.line)})` : error.message;
}
