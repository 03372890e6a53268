import { AppError } from '../../../common/contract/errors';
import type { SshFailure } from '../../../common/contract/probe';

/**
 * Why `ssh HOST` could not open a probe connection, as a code the window turns into the next step
 * (key login: `ssh-copy-id HOST`; unknown host key or unreachable: try `ssh HOST` in a terminal).
 * ssh says it only in words on stderr, so this is the one place that reads them; everything after
 * it (contract, renderer) works with the code.
 */
export function classifyConnectFailure(stderr: string): SshFailure | null {
  // BatchMode=yes: no password or passphrase prompt, so a login that needs one ends here.
  if (/Permission denied|Too many authentication failures|no more authentication methods|passphrase/i.test(stderr)) return 'login';
  if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No .* host key is known/i.test(stderr)) return 'host-key';
  if (/Could not resolve hostname|Name or service not known|Connection refused|Connection timed out|timed out during banner exchange|No route to host|Network is unreachable|Connection closed by .* port|kex_exchange_identification/i.test(stderr)) {
    return 'unreachable';
  }
  return null;
}

/** A probe connection that could not be opened, with ssh's words and the code of why. */
export class SshConnectError extends AppError {
  readonly failure: SshFailure | null;
  constructor(message: string, failure: SshFailure | null = classifyConnectFailure(message)) {
    super('io', message);
    this.failure = failure;
  }
}

/** The failure code of anything a probe run threw (null: not a connection failure, or not known). */
export function connectFailureOf(err: unknown): SshFailure | null {
  return err instanceof SshConnectError ? err.failure : null;
}
