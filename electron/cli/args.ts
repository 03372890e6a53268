import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError } from '../../common/contract/errors';
import type { ValueSource } from '../../common/contract/hosts';

/** node:util parseArgs, strict, with a bad flag reported as the CLI's one-line invalid-input error. */
export function parseCliArgs<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O, usage?: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new AppError('invalid-input', usage ? `${(err as Error).message} (usage: ${usage})` : (err as Error).message);
  }
}

/** A whole-number option, or undefined when absent; anything else is a clear error. */
export function intOption(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const s = String(value);
  if (!/^\d+$/.test(s)) throw new AppError('invalid-input', `--${name} must be a whole number, got "${s}"`);
  return Number(s);
}

/** `file:line` or `default`, as the CLI prints where a value comes from. */
export const sourceText = (s: ValueSource): string => (s.kind === 'line' ? `${s.file}:${s.line}` : 'default');
