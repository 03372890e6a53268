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
  /**
   * How the connection ended by itself, if it did (a close by `close()` is not an ending). A NAT
   * that forgets a connection never ends it by itself: nothing is sent while it idles. A clean
   * close while idle is the server's doing (ChannelTimeout, UnusedConnectionTimeout, a logind stop).
   */
  ended?(): SessionEnd | null;
  /**
   * Clock ms when the last echo really left (opening a fresh session over a multiplexed connection
   * takes a moment); absent or null = when echo() was called. The idle time of a sample ends here.
   */
  echoSentAt?(): number | null;
}

export interface SessionEnd {
  /** 'server': closed cleanly (the path still worked); 'network': reset, broken pipe, timed out. */
  by: 'server' | 'network';
  /** Clock ms when it ended. */
  atMs: number;
  /** ssh's last words, or what was observed. */
  message: string;
}

/**
 * How a probe connection idles: with a session channel (`echo ready; exec cat`), or with none
 * (`ssh -N` as a multiplexing master; each echo is a fresh session over it), which sshd's
 * ChannelTimeout cannot close (only UnusedConnectionTimeout can).
 */
export type SessionMode = 'channel' | 'no-channel';

/**
 * Opens one connection and resolves once the remote echo is ready (the moment its idle time starts).
 * Rejects with an AppError saying why (ssh's own message) when the connection cannot be made, and
 * with code 'unsupported' for a mode it does not have.
 */
export type SpawnSession = (signal: AbortSignal, mode?: SessionMode) => Promise<ProbeSession>;
