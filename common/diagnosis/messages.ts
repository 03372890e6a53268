import type { CauseId } from './cause-ids';

/**
 * What ssh, sshd, shells, logind, PuTTY and WinSCP print when an idle session ends, and which
 * cause each line points at (most likely first). The texts are OpenSSH's own format strings, by
 * the release that prints them (packet.c, clientloop.c, serverloop.c, channels.c), checked with
 * OpenSSH 9.2 where this machine can show them.
 */
export interface MessagePattern {
  key: string;
  /** Who prints it, and which releases ("OpenSSH client 6.8-7.9"). */
  printedBy: string;
  re: RegExp;
  causes: CauseId[];
  note: string;
  /**
   * 3: names its cause outright (a server log line, a shell's own message); 2: a client error that
   * narrows it down; 1: an ending that only completes another message ("Connection to H closed.").
   * Weaker lines add causes only when nothing stronger was recognised.
   */
  weight: 1 | 2 | 3;
}

const H = String.raw`\S+`;
const PORT = String.raw`(?: port \d+)?`;

export const MESSAGE_PATTERNS: readonly MessagePattern[] = [
  // --- NAT or firewall: the path forgot the connection, ssh found out when it next wrote ---
  {
    key: 'write-failed-broken-pipe',
    printedBy: 'OpenSSH client 6.7 and older',
    re: /^Write failed: Broken pipe$/,
    causes: ['nat-idle', 'network-change'],
    note: 'ssh wrote to a connection the network had already dropped.',
    weight: 2,
  },
  {
    key: 'read-socket-failed',
    printedBy: 'OpenSSH client 6.7 and older',
    re: /^Read from socket failed: (?:Connection reset by peer|Connection timed out)$/,
    causes: ['nat-idle', 'network-change'],
    note: 'The connection was reset or timed out under ssh.',
    weight: 2,
  },
  {
    key: 'packet-write-wait-broken-pipe',
    printedBy: 'OpenSSH client 6.8-7.9 (with the port from 7.2)',
    re: new RegExp(String.raw`^packet_write_wait: Connection to ${H}${PORT}: Broken pipe$`),
    causes: ['nat-idle', 'network-change'],
    note: 'ssh wrote to a connection the network had already dropped.',
    weight: 2,
  },
  {
    key: 'client-loop-send-disconnect',
    printedBy: 'OpenSSH client 8.0 and later',
    re: /^client_loop: send disconnect: Broken pipe$/,
    causes: ['nat-idle', 'network-change'],
    note: 'The connection was already dead when ssh tried to say goodbye. On 8.0-9.7 the line with the real reason (`Read from remote host ...: Connection timed out`) is lost; 9.8 prints it.',
    weight: 2,
  },
  {
    key: 'client-loop-send-disconnect-reset',
    printedBy: 'OpenSSH for Windows (ssh.exe)',
    re: /^client_loop: send disconnect: Connection reset$/,
    causes: ['nat-idle', 'network-change'],
    note: 'A router or firewall on the way no longer knew the connection and reset it.',
    weight: 2,
  },
  {
    key: 'connection-reset-by',
    printedBy: 'OpenSSH client 7.0 and later (with the port from 7.2)',
    re: new RegExp(String.raw`^Connection reset by ${H}${PORT}$`),
    causes: ['nat-idle', 'network-change'],
    note: 'Something on the way answered with a TCP reset: it no longer knew the connection (a NAT or firewall that forgot it).',
    weight: 2,
  },
  {
    key: 'read-from-remote-host',
    printedBy: 'OpenSSH client (lost on 8.0-9.7 when the goodbye cannot be sent; OpenSSH for Windows says "Connection aborted")',
    re: new RegExp(String.raw`^Read from remote host ${H}: (?:Connection timed out|Operation timed out|Connection reset by peer|Connection aborted|No route to host|Network is unreachable|Software caused connection abort)$`),
    causes: ['nat-idle', 'network-change'],
    note: "The operating system gave up on the connection: nothing came back (timed out) or it was reset.",
    weight: 2,
  },
  {
    key: 'server-not-responding',
    printedBy: 'OpenSSH client, every release (ServerAliveCountMax reached)',
    re: new RegExp(String.raw`^Timeout, server ${H} not responding\.?$`),
    causes: ['client-keepalive-timeout', 'nat-idle'],
    note: 'Keepalive was on and got no answer ServerAliveCountMax times in a row: the path died first (often a NAT that forgot the connection before the first keepalive went out).',
    weight: 2,
  },
  {
    key: 'connection-timed-out',
    printedBy: 'OpenSSH client 6.8 and later (6.8-7.1: "... timed out while waiting to write"; with the port from 7.2)',
    re: new RegExp(String.raw`^Connection to ${H}${PORT} timed out(?: while waiting to (?:read|write))?$`),
    causes: ['client-keepalive-timeout', 'nat-idle'],
    note: 'A write could not get through within ServerAliveInterval x ServerAliveCountMax: the path was dead.',
    weight: 2,
  },
  {
    key: 'dispatch-run-fatal-broken-pipe',
    printedBy: 'OpenSSH client (after the computer slept)',
    re: new RegExp(String.raw`^ssh_dispatch_run_fatal: Connection to ${H}${PORT}: Broken pipe$`),
    causes: ['network-change', 'server-keepalive-timeout'],
    note: 'ssh woke up (sleep, suspend) to a connection the server or the network had ended in the meantime.',
    weight: 2,
  },
  {
    key: 'connect-failed',
    printedBy: 'OpenSSH client',
    re: new RegExp(String.raw`^ssh: connect to host ${H} port \d+: `),
    causes: ['unknown'],
    note: 'This is a connection that could not be made, not an idle session that ended.',
    weight: 2,
  },
  // --- the server ended it ---
  {
    key: 'closed-by-remote-host',
    printedBy: 'OpenSSH client, every release',
    re: new RegExp(String.raw`^Connection to ${H} closed by remote host\.?$`),
    causes: ['sshd-unused-connection-timeout', 'logind-idle', 'server-keepalive-timeout', 'network-change'],
    note: 'The server ended the connection itself: UnusedConnectionTimeout (a connection with no session, like `ssh -N`), logind stopping an idle login, or its keepalive getting no answer.',
    weight: 2,
  },
  {
    key: 'eow-exit-status-minus-1',
    printedBy: 'OpenSSH client with -v',
    re: /^debug1: (?:Exit status -1|client_input_channel_req: channel \d+ rtype eow@openssh\.com reply 0)$/,
    causes: ['sshd-channel-timeout'],
    note: 'sshd closed the channel without an exit status: what ChannelTimeout does.',
    weight: 2,
  },
  {
    key: 'connection-closed',
    printedBy: 'OpenSSH client, every release',
    re: new RegExp(String.raw`^Connection to ${H} closed\.$`),
    causes: ['sshd-channel-timeout', 'shell-tmout'],
    note: 'The session ended on the server. With exit status 255 sshd closed it (ChannelTimeout); with 0 the shell exited (you logged out, or TMOUT).',
    weight: 1,
  },
  // --- shells ---
  {
    key: 'bash-auto-logout',
    printedBy: 'bash (TMOUT)',
    re: /timed out waiting for input: auto-logout/,
    causes: ['shell-tmout'],
    note: 'bash waited TMOUT seconds for a command line, then exited.',
    weight: 3,
  },
  {
    key: 'ksh-timed-out',
    printedBy: 'ksh93 (TMOUT)',
    re: /(?:^|: )timed out waiting for input$|^shell will timeout in 60 seconds due to inactivity$/,
    causes: ['shell-tmout'],
    note: 'ksh93 warned after TMOUT seconds and exited 60 s later.',
    weight: 3,
  },
  {
    key: 'zsh-timeout',
    printedBy: 'zsh (TMOUT)',
    re: /^zsh: timeout$/,
    causes: ['shell-tmout'],
    note: 'zsh waited TMOUT seconds for a command line, then exited.',
    weight: 3,
  },
  {
    key: 'csh-auto-logout',
    printedBy: 'tcsh (autologout)',
    re: /^auto-logout$/,
    causes: ['shell-tmout'],
    note: 'tcsh waited `autologout` minutes, then exited.',
    weight: 3,
  },
  // --- server-side logs, when the user can read them ---
  {
    key: 'sshd-channel-inactivity',
    printedBy: 'sshd log, LogLevel VERBOSE (9.2+)',
    re: /channel \d+: closing after \d+ seconds of inactivity/,
    causes: ['sshd-channel-timeout'],
    note: 'sshd closed the channel for ChannelTimeout.',
    weight: 3,
  },
  {
    key: 'sshd-terminating-inactive',
    printedBy: 'sshd log (9.2+)',
    re: /terminating inactive connection from /,
    causes: ['sshd-unused-connection-timeout'],
    note: 'sshd ended a connection with no open channel for UnusedConnectionTimeout.',
    weight: 3,
  },
  {
    key: 'sshd-client-not-responding',
    printedBy: 'sshd log (ClientAliveCountMax reached)',
    re: /Timeout, client not responding/,
    causes: ['server-keepalive-timeout'],
    note: 'sshd got no answer to ClientAliveCountMax keepalives and ended the connection.',
    weight: 3,
  },
  {
    key: 'logind-idle-stopping',
    printedBy: 'systemd-logind journal (252+)',
    re: /Session "?[^"\s]+"? of user "?[^"\s]+"? is idle, stopping/,
    causes: ['logind-idle'],
    note: 'logind stopped the session for StopIdleSessionSec.',
    weight: 3,
  },
  // --- PuTTY and WinSCP (Windows) ---
  {
    key: 'putty-software-abort',
    printedBy: 'PuTTY, WinSCP (Windows)',
    re: /Network error: Software caused connection abort/,
    causes: ['nat-idle', 'network-change'],
    note: "Windows gave up on the connection: what PuTTY wrote got no answer (a NAT that forgot it, or the network changed).",
    weight: 2,
  },
  {
    key: 'putty-connection-timed-out',
    printedBy: 'PuTTY, WinSCP',
    re: /^(?:Network error: )?Connection timed out$/,
    causes: ['nat-idle', 'network-change'],
    note: 'Nothing came back for what PuTTY sent: the path was dead.',
    weight: 2,
  },
  {
    key: 'putty-connection-reset',
    printedBy: 'PuTTY, WinSCP',
    re: /Network error: Connection reset by peer/,
    causes: ['nat-idle', 'network-change'],
    note: 'Something on the way reset the connection it no longer knew.',
    weight: 2,
  },
  {
    key: 'putty-unexpectedly-closed',
    printedBy: 'PuTTY',
    re: /(?:Server|Remote side) unexpectedly closed network connection/,
    causes: ['sshd-channel-timeout', 'sshd-unused-connection-timeout', 'logind-idle', 'server-keepalive-timeout'],
    note: "The server closed it. PuTTY's keepalives (null packets) keep NATs open but reset no server timer (ChannelTimeout, TMOUT, logind).",
    weight: 2,
  },
  {
    key: 'winscp-unexpectedly-closed',
    printedBy: 'WinSCP',
    re: /Connection has been unexpectedly closed/,
    causes: ['sshd-channel-timeout', 'server-keepalive-timeout', 'nat-idle'],
    note: "The server or the network ended the connection. WinSCP's \"null SSH packets\" keep NATs open but do not reset sshd's ChannelTimeout.",
    weight: 2,
  },
];

/** A line as the user pasted it: colour codes, BEL, CR and surrounding blanks do not count. */
export function cleanLine(line: string): string {
  return line
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '')
    .trim();
}
