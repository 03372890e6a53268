import type { CauseId } from './cause-ids';
import type { ExplainedCause } from './schema';

/**
 * What each cause means and what fixes it, in general terms (explain). A diagnosis of a real host
 * says the same with its own numbers and lines (rank.ts).
 */
export const CAUSE_TEXT: Record<CauseId, Omit<ExplainedCause, 'id'>> = {
  'nat-idle': {
    summary: 'A NAT or firewall on the way forgot the idle connection',
    meaning:
      'Routers, firewalls and cloud load balancers drop connections that carry nothing for a while (a home router after about 5 minutes, AWS NLB after 350 s, Azure after 4 minutes). The next thing you typed went nowhere, and ssh gave up.',
    fix: 'Turn on keepalive for this host (ServerAliveInterval, shorter than the NAT timeout; 60 s suits almost every network) so the connection never looks idle. PuTTY: Connection > Seconds between keepalives.',
    appFix: 'client-keepalive',
  },
  'shell-tmout': {
    summary: "The server's shell logged you out for being idle (TMOUT / autologout)",
    meaning:
      'The login shell exits when no complete command line arrives for TMOUT seconds (bash, ksh, zsh) or autologout minutes (csh/tcsh). Keepalives do not count as input, so no keepalive setting prevents it.',
    fix: 'If TMOUT is not readonly: put `unset TMOUT` (csh: `unset autologout`) at the end of your ~/.bashrc or ~/.zshrc on the server. If it is readonly, only the administrator can change it (in /etc/profile or /etc/profile.d). A program running in the foreground is not logged out.',
    appFix: null,
  },
  'sshd-channel-timeout': {
    summary: "The server's sshd closed the idle session (ChannelTimeout)",
    meaning:
      'sshd 9.2+ closes a channel that carried no data for the ChannelTimeout time (`session:*=...` or, from 9.7, `global=...`). Keepalives are not channel data, so they never reset it; the client says `Connection to HOST closed.` and exits with status 255.',
    fix: 'Ask the server administrator to raise or remove ChannelTimeout in sshd_config. Meanwhile, only real output keeps the session open (a program that prints now and then).',
    appFix: null,
  },
  'sshd-unused-connection-timeout': {
    summary: "The server's sshd closed a connection with no open session (UnusedConnectionTimeout)",
    meaning:
      'sshd 9.2+ ends connections that have had no channel open for UnusedConnectionTimeout: `ssh -N` tunnels with no forwarded connection in use, and idle ControlMaster connections. Keepalives do not count.',
    fix: 'Ask the administrator to raise or remove UnusedConnectionTimeout, or keep a session open on the connection (a shell, or `ssh -L ... HOST sleep infinity` instead of -N where ChannelTimeout allows it).',
    appFix: null,
  },
  'logind-idle': {
    summary: 'systemd-logind stopped the idle login session (StopIdleSessionSec)',
    meaning:
      'With StopIdleSessionSec (systemd 252+), logind stops a tty session when there was no keyboard input for that long, together with everything started from it (tmux and screen included). Output and keepalives do not count.',
    fix: 'Ask the administrator to raise or remove StopIdleSessionSec in /etc/systemd/logind.conf(.d). Sessions without a terminal (`ssh -T HOST cmd`) are not stopped.',
    appFix: null,
  },
  'jump-hop-unprotected': {
    summary: 'A jump host connection on the way had no keepalive of its own',
    meaning:
      'With ProxyJump, ssh opens a separate connection to the jump host, configured by the jump host\'s own Host block (options for the target are not applied to it). The target\'s keepalives travel through it and keep NATs on the way open, but without any keepalive the jump connection is forgotten like any idle connection.',
    fix: 'Turn on keepalive for the target host (it travels through every jump), and for the jump host too so its own connection notices when the path is gone.',
    appFix: 'client-keepalive',
  },
  'client-keepalive-timeout': {
    summary: 'Keepalive was on, and the server stopped answering (ServerAliveCountMax reached)',
    meaning:
      'ssh sent ServerAliveCountMax keepalives without an answer and gave up: the path or the server died while the session was open (a NAT that forgot the connection before the first keepalive, a network change, a server that hangs).',
    fix: 'If it happens after the same idle time each time, the keepalive interval is longer than the NAT timeout: shorten it. Otherwise the network dropped out; ServerAliveCountMax decides how long ssh waits.',
    appFix: 'client-keepalive',
  },
  'server-keepalive-timeout': {
    summary: 'The server gave up on an unanswered connection (ClientAliveCountMax reached)',
    meaning:
      'sshd sent ClientAliveCountMax keepalives that never got an answer and ended the connection. The answers were lost on the way (a NAT that had forgotten the connection, a laptop asleep). Before OpenSSH 8.2, `ClientAliveCountMax 0` ended every idle session at the first probe.',
    fix: 'Keep the path open with a keepalive shorter than the NAT timeout (on sshd 9.2-9.4 ClientAliveInterval must be at most half of it: those versions send at twice the interval).',
    appFix: 'server-keepalive',
  },
  'network-change': {
    summary: 'The network changed under the session (sleep, Wi-Fi roaming, a new address)',
    meaning:
      'A TCP connection is bound to both addresses. After the laptop slept, moved to another network or got a new address, the server answers a place that is gone; no keepalive can save that.',
    fix: 'Reconnect. For sessions that must survive sleep and roaming: run the work in tmux or screen on the server and re-attach, or use mosh.',
    appFix: null,
  },
  unknown: {
    summary: 'The cause cannot be told from this',
    meaning: 'The text names no known cause of an idle session ending.',
    fix: 'Paste the last lines ssh printed (with `ssh -v` for more), or run a diagnosis of the host.',
    appFix: null,
  },
};

export function explainedCause(id: CauseId): ExplainedCause {
  return { id, ...CAUSE_TEXT[id] };
}
