import type { DiffLine } from '../../../common/contract/keepalive';
import type { ServerStatus } from '../../../common/contract/system';
import type { SshTarget, TransportOptions } from './transport';

/** What can go wrong on a server, in words a user can act on (never holds a password). */
export type RemoteFailure =
  | 'needs-password' // sudo wants a password and none was given (the dialog was cancelled)
  | 'wrong-password'
  | 'no-sudo' // the login user may not use sudo there (or sudo is missing)
  | 'needs-tty'
  | 'changed' // the config changed since it was read
  | 'refused' // the program refused the intent
  | 'blocked' // the layout is one SSH Keepalive does not edit, or another line decides
  | 'invalid' // sshd -t rejected the result
  | 'unreadable'
  | 'no-sshd'
  | 'ssh-failed'
  | 'timeout'
  | 'failed';

export class RemoteServerError extends Error {
  constructor(
    readonly host: string,
    readonly failure: RemoteFailure,
    message: string,
    /** For no-sudo: the exact lines to hand to an administrator. */
    readonly adminInstructions: string | null = null,
  ) {
    super(message);
  }
}

/** Asked when sudo needs a password; null = the user cancelled. The string is never kept or logged. */
export type AskPassword = (host: string) => Promise<string | null>;

export interface RemoteOptions extends TransportOptions {
  askPassword?: AskPassword;
}

export interface RemoteFileEdit {
  file: string;
  action: 'modify' | 'create' | 'delete';
  /** '' for a new file. */
  before: string;
  /** null when the file is removed. */
  after: string | null;
  diff: DiffLine[];
}

export interface RemotePlan {
  target: SshTarget;
  change: import('./intent').RemoteChange;
  kind: 'edit' | 'noop';
  /** dropin: the main file includes sshd_config.d; main: lines go into sshd_config itself. */
  layout: 'dropin' | 'main';
  /** Hash of the config as read (the program refuses to write if it changed since). */
  state: string;
  /** Hash of the planned result (the program refuses if its own plan differs). */
  digest: string | null;
  edits: RemoteFileEdit[];
  notes: string[];
  /** Who read the files: the login user, or root through sudo (Fedora/RHEL keep them root-only). */
  readAs: 'login' | 'sudo';
  /** The SSH login is root: changes run without sudo. */
  loginIsRoot: boolean;
  /** What to do by hand as root (for a user without sudo rights to hand to an admin). */
  adminInstructions: string;
}

export interface RemoteReload {
  done: boolean;
  command: string;
  message: string;
}

export interface RemoteOutcome {
  host: string;
  outcome: 'applied' | 'undone' | 'nothing' | 'failed';
  /** Set when outcome is 'failed'. */
  failure: RemoteFailure | null;
  message: string;
  changedFiles: string[];
  /** sshd -t accepted the result (before and after the write). */
  validated: boolean;
  reload: RemoteReload | null;
  /** The backup an undo restores (after 'applied'). */
  backup: string | null;
  adminInstructions: string | null;
}

/** `server status --json` of the local machine, plus the host and what was learnt on the way. */
export interface RemoteServerStatus extends ServerStatus {
  host: string;
  /** `OpenSSH_9.2` as the server's sshd reports it (null when unknown). */
  sshdVersion: string | null;
  /** False when files the values depend on could not be read (the values then say 'unknown'). */
  valuesKnown: boolean;
  /** The SSH login user there, and whether the files were read as that user or through sudo -n. */
  loginUser: string;
  readAs: 'login' | 'sudo';
  /** The `-C` connection spec the values were computed for (Match blocks apply to it). */
  connection: string;
}
