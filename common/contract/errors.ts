import { z } from 'zod';
import { ERROR_CODES, type AppErrorData as AppErrorDataType, type ErrorCode as ErrorCodeType } from './app-error';

/** AppError, the code list and toErrorData live zod-free in app-error.ts (the root helper bundles them). */
export { AppError, ERROR_CODES, toErrorData } from './app-error';

export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = ErrorCodeType;

export const AppErrorData = z.object({
  code: ErrorCode,
  message: z.string(),
  file: z.string().optional(),
  line: z.number().int().optional(),
}) satisfies z.ZodType<AppErrorDataType>;
export type AppErrorData = AppErrorDataType;

/** What every channel answers: a value or an error, never a thrown exception across a boundary. */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: AppErrorData }),
  ]);
}
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };
