import { z } from 'zod';

/**
 * Every failure that crosses a shell boundary (IPC, HTTP, CLI) is one of these.
 * `file`/`line` point at the user's config when the failure is about its content.
 */
export const ErrorCode = z.enum([
  'invalid-input', // a request that fails its schema, or a value out of range
  'parse', // the config has a line OpenSSH would reject
  'conflict', // the file changed since it was read; nothing written
  'blocked', // the edit would be a no-op because an earlier line decides the value
  'io', // the file could not be read or written
  'not-found', // the host block / backup asked for does not exist
  'permission', // the OS refused (file mode, owner, admin rights)
  'cancelled', // the user dismissed an OS prompt: a normal outcome
  'unsupported', // this platform / layout is not handled yet
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const AppErrorData = z.object({
  code: ErrorCode,
  message: z.string(),
  file: z.string().optional(),
  line: z.number().int().optional(),
});
export type AppErrorData = z.infer<typeof AppErrorData>;

/** Thrown by core and handlers; serialised as AppErrorData by every shell. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  constructor(code: ErrorCode, message: string, where?: { file?: string; line?: number }) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.file = where?.file;
    this.line = where?.line;
  }
  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, message: this.message };
    if (this.file !== undefined) data.file = this.file;
    if (this.line !== undefined) data.line = this.line;
    return data;
  }
}

export function toErrorData(err: unknown): AppErrorData {
  if (err instanceof AppError) return err.toData();
  if (err instanceof z.ZodError) {
    const first = err.issues[0];
    const where = first && first.path.length ? `${first.path.join('.')}: ` : '';
    return { code: 'invalid-input', message: `${where}${first?.message ?? 'invalid request'}` };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}

/** What every channel answers: a value or an error, never a thrown exception across a boundary. */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: AppErrorData }),
  ]);
}
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };
