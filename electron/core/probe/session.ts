/**
 * The probe's boundary to SSH: one connection with keepalives off, running a remote command that
 * echoes each line back. The real one is `ssh` (ssh-session.ts); tests and the UI e2e plug in a
 * simulated NAT at exactly this point.
 */
export interface ProbeSession {
  /** Writes one line; true when it comes back within `timeoutMs` (clock ms), false otherwise. */
  echo(timeoutMs: number): Promise<boolean>;
  /** Ends the connection (idempotent). */
  close(): void;
}

/**
 * Opens one connection and resolves once the remote echo is ready (the moment its idle time starts).
 * Rejects with an AppError saying why (ssh's own message) when the connection cannot be made.
 */
export type SpawnSession = (signal: AbortSignal) => Promise<ProbeSession>;
