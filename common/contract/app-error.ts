/**
 * The error every layer throws and every shell serialises, without zod: the privileged helper runs
 * as root and bundles this file but never validates with zod (zod is ~390 kB of its bundle otherwise).
 * errors.ts re-exports all of this next to the zod schema of AppErrorData.
 */

/** Every failure that crosses a shell boundary (IPC, HTTP, CLI) has one of these codes. */
export const ERROR_CODES = [
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
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** `file`/`line` point at the user's config when the failure is about its content. */
export interface AppErrorData {
  code: ErrorCode;
  message: string;
  file?: string | undefined;
  line?: number | undefined;
}

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

/** What a schema library's validation error looks like (zod's ZodError has this shape). */
interface ValidationIssues {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

function isValidationError(err: unknown): err is ValidationIssues {
  if (typeof err !== 'object' || err === null) return false;
  const issues = (err as { issues?: unknown }).issues;
  if (!Array.isArray(issues) || issues.length === 0) return false;
  const first: unknown = issues[0];
  return typeof first === 'object' && first !== null && typeof (first as { message?: unknown }).message === 'string' && Array.isArray((first as { path?: unknown }).path);
}

/** Any thrown value as AppErrorData: a request that failed its schema becomes `invalid-input`. */
export function toErrorData(err: unknown): AppErrorData {
  if (err instanceof AppError) return err.toData();
  if (isValidationError(err)) {
    const first = err.issues[0]!;
    const where = first.path.length ? `${first.path.map(String).join('.')}: ` : '';
    return { code: 'invalid-input', message: `${where}${first.message}` };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}
