import { analyseChannelTimeout } from './channel-timeout';
import { clientIntervalFor, serverIntervalFor, serverKeepalivePeriod } from './client-alive';
import { formatSeconds as fmt } from './duration';
import { clientAliveDoubled, countMaxZeroKills, parseOpenSshVersion, type OpenSshVersion } from './openssh-version';
import type { Cause, ConfigLine, DiagnosisFacts, Hop } from './schema';

/**
 * Every cause that ends an idle session on this host, from the gathered facts, most lethal first:
 * the killers by how soon they act, then what acts only on other kinds of session or only when
 * the path is already dead, then what is known not to act (said, so nobody chases it).
 */
export function rankCauses(facts: DiagnosisFacts): Cause[] {
  const version = facts.server.version ? parseOpenSshVersion(facts.server.version) : null;
  const causes: Cause[] = [
    ...shellCauses(facts),
    ...channelTimeoutCauses(facts, version),
    ...unusedConnectionCauses(facts),
    ...logindCauses(facts),
    ...serverKeepaliveCauses(facts, version),
    natCause(facts, version),
    ...hopCauses(facts, version),
    ...unknownCauses(facts),
  ];
  return sortByLethality(causes);
}

export function sortByLethality(causes: readonly Cause[]): Cause[] {
  const rank = (c: Cause) => (c.kills ? 0 : c.afterSeconds !== null ? 1 : 2);
  const after = (c: Cause) => c.afterSeconds ?? Infinity;
  return causes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || after(a.c) - after(b.c) || a.i - b.i)
    .map(({ c }) => c);
}

const where = (lines: readonly ConfigLine[]) => lines.map((l) => `${l.file}:${l.line}`).join(', ');
const quoteLines = (lines: readonly ConfigLine[]) => lines.map((l) => `${l.file}:${l.line} \`${l.text.trim()}\``).join('; ');
const linesFor = (lines: readonly ConfigLine[], keyword: RegExp) => lines.filter((l) => keyword.test(l.text));

function shellCauses({ shell }: DiagnosisFacts): Cause[] {
  if (shell.tmout === null || shell.tmout <= 0 || shell.variable === null) return [];
  const after = shell.tmout + shell.graceSeconds;
  const name = shell.path ? shell.path.split('/').pop() ?? shell.path : 'the shell';
  const isCsh = shell.variable === 'autologout';
  const value = isCsh ? `autologout=${shell.tmout / 60}` : `TMOUT=${shell.tmout}`;
  const set = shell.lines.length ? ` Set at ${quoteLines(shell.lines)}.` : '';
  const grace = shell.graceSeconds ? ` (${name} warns after ${fmt(shell.tmout)} and exits ${fmt(shell.graceSeconds)} later)` : '';
  const userFile = isCsh ? '~/.login' : name === 'zsh' ? '~/.zshrc' : name === 'bash' ? '~/.bash_profile (or ~/.profile when there is none)' : '~/.profile';
  return [
    {
      id: 'shell-tmout',
      kills: true,
      afterSeconds: after,
      appliesTo: ['shell'],
      keepaliveHelps: false,
      summary: `The login shell (${name}) logs out after ${fmt(after)} without a command line${grace}: keepalive cannot help`,
      evidence: `${value}${shell.readonly ? ' (readonly)' : ''} in a login shell \`${shell.path ?? name} -l\`.${set}`,
      fix: shell.readonly
        ? {
            text: `${isCsh ? 'autologout' : 'TMOUT'} is readonly: no line of yours can change it. The administrator must raise or remove it${shell.lines.length ? ` (${where(shell.lines)})` : ' (in /etc/profile or /etc/profile.d)'}. Until then, a program running in the foreground (an editor, \`top\`, \`tail -f\`) is not logged out.`,
            by: 'administrator',
            action: null,
          }
        : {
            text: `Add \`unset ${isCsh ? 'autologout' : 'TMOUT'}\` as the last line of ${userFile} on the server${shell.lines.some((l) => l.file.startsWith('/etc/')) ? '' : ', or remove the line that sets it'}.`,
            by: 'you',
            action: null,
          },
    },
  ];
}

function sshdEvidence(facts: DiagnosisFacts, keyword: RegExp, printed: string): string {
  const how = facts.server.source === 'sshd -T' ? `sshd -T on the server prints \`${printed}\`` : `\`${printed}\``;
  const lines = linesFor(facts.server.configLines, keyword);
  return lines.length ? `${how}; set at ${quoteLines(lines)}` : how;
}

function channelTimeoutCauses(facts: DiagnosisFacts, version: OpenSshVersion | null): Cause[] {
  const value = facts.server.channelTimeout;
  if (value === null) return [];
  const a = analyseChannelTimeout(value, version);
  const evidence = sshdEvidence(facts, /^\s*ChannelTimeout\b/i, `channeltimeout ${value}`);
  const admin = (text: string) => ({ text, by: 'administrator' as const, action: null });
  const out: Cause[] = [];
  if (a.shell) {
    out.push({
      id: 'sshd-channel-timeout',
      kills: true,
      afterSeconds: a.shell.seconds,
      appliesTo: a.command ? ['shell', 'command'] : ['shell'],
      keepaliveHelps: false,
      summary: `sshd closes a shell that shows no output and gets no input for ${fmt(a.shell.seconds)} (${a.shell.rule}): keepalive cannot help`,
      evidence,
      fix: admin(`The administrator must raise or remove \`${a.shell.rule}\` in ChannelTimeout. Keepalives are not channel data and never reset it; only output or typing does.`),
    });
  } else if (a.command) {
    out.push({
      id: 'sshd-channel-timeout',
      kills: false,
      afterSeconds: a.command.seconds,
      appliesTo: ['command'],
      keepaliveHelps: false,
      summary: `sshd closes a remote command that prints nothing for ${fmt(a.command.seconds)} (${a.command.rule}); interactive shells are not affected`,
      evidence,
      fix: admin(`The administrator must raise or remove \`${a.command.rule}\` for commands that stay silent (\`ssh HOST tail -f ...\`).`),
    });
  }
  for (const r of a.ineffective) {
    out.push({
      id: 'sshd-channel-timeout',
      kills: false,
      afterSeconds: null,
      appliesTo: [],
      keepaliveHelps: false,
      summary: `ChannelTimeout ${r.rule} does not close idle shells`,
      evidence: `${evidence}: ${r.why}`,
      fix: { text: 'Nothing to do for interactive sessions. (If idle shells were meant to close, the rule would be `session:*=...`.)', by: 'nobody', action: null },
    });
  }
  if (a.directTcpip) {
    out.push({
      id: 'sshd-channel-timeout',
      kills: false,
      afterSeconds: a.directTcpip.seconds,
      appliesTo: ['tunnel'],
      keepaliveHelps: false,
      summary: `sshd closes forwarded connections through this host (-L, -D, ProxyJump) that carry nothing for ${fmt(a.directTcpip.seconds)} (${a.directTcpip.rule})`,
      evidence,
      fix: admin(`The administrator must raise or remove \`${a.directTcpip.rule}\`. An ssh that jumps through this host keeps its channel open with its own keepalive (it is data on that channel).`),
    });
  }
  return out;
}

function unusedConnectionCauses(facts: DiagnosisFacts): Cause[] {
  const n = facts.server.unusedConnectionTimeout;
  if (n === null || n <= 0) return [];
  return [
    {
      id: 'sshd-unused-connection-timeout',
      kills: false,
      afterSeconds: n,
      appliesTo: ['tunnel'],
      keepaliveHelps: false,
      summary: `sshd ends connections with no session open (\`ssh -N\` tunnels, idle ControlMaster connections) after ${fmt(n)}; an interactive session is not affected`,
      evidence: sshdEvidence(facts, /^\s*UnusedConnectionTimeout\b/i, `unusedconnectiontimeout ${n}`),
      fix: {
        text: 'The administrator must raise or remove UnusedConnectionTimeout. Keepalives do not count; a connection with a session open (a shell, or a command instead of -N) is not unused.',
        by: 'administrator',
        action: null,
      },
    },
  ];
}

function logindCauses({ logind }: DiagnosisFacts): Cause[] {
  if (!logind || logind.stopIdleSessionSec === null || logind.stopIdleSessionSec <= 0) return [];
  const n = logind.stopIdleSessionSec;
  const tooOld = logind.systemdVersion !== null && logind.systemdVersion < 252;
  const notRegistered = logind.registered === false;
  const kills = !tooOld && !notRegistered;
  const why = tooOld
    ? `; systemd ${logind.systemdVersion} does not know the setting (252+)`
    : notRegistered
      ? '; this login gets no logind session (no XDG_SESSION_ID), so it is not stopped'
      : '';
  return [
    {
      id: 'logind-idle',
      kills,
      afterSeconds: n,
      appliesTo: kills ? ['shell'] : [],
      keepaliveHelps: false,
      summary: `systemd-logind stops a terminal session without keyboard input for ${fmt(n)}, with tmux and screen started from it${kills ? ': keepalive cannot help' : why}`,
      evidence: `StopIdleSessionSec ${fmt(n)} (${logind.source})${why}`,
      fix: {
        text: 'The administrator must raise or remove StopIdleSessionSec in /etc/systemd/logind.conf or logind.conf.d. Only keyboard input resets it; sessions without a terminal (`ssh -T HOST cmd`) are not stopped.',
        by: 'administrator',
        action: null,
      },
    },
  ];
}

function serverKeepaliveCauses(facts: DiagnosisFacts, version: OpenSshVersion | null): Cause[] {
  const interval = facts.server.clientAliveInterval;
  const countMax = facts.server.clientAliveCountMax;
  if (interval === null || interval <= 0) return [];
  const period = serverKeepalivePeriod(interval, version);
  const doubled = version !== null && clientAliveDoubled(version);
  const how = facts.server.source === 'measured' ? `measured: keepalive requests from the server every ${fmt(period)}` : `clientaliveinterval ${interval}, clientalivecountmax ${countMax ?? '?'}`;
  const evidence = `${how}${doubled ? ` (sshd ${version.major}.${version.minor} sends at twice ClientAliveInterval, fixed in 9.5)` : ''}`;
  if (version && countMaxZeroKills(version) && countMax === 0) {
    return [
      {
        id: 'server-keepalive-timeout',
        kills: true,
        afterSeconds: interval,
        appliesTo: ['shell', 'command', 'tunnel'],
        keepaliveHelps: false,
        summary: `sshd ${version.major}.${version.minor} ends every connection idle for ${fmt(interval)} (ClientAliveCountMax 0 before OpenSSH 8.2 means "at the first keepalive")`,
        evidence,
        fix: { text: 'The administrator must set ClientAliveCountMax to 3 (the default) or raise ClientAliveInterval.', by: 'administrator', action: null },
      },
    ];
  }
  const t = facts.natTimeout;
  const tooSlow = t !== null && period >= t;
  return [
    {
      id: 'server-keepalive-timeout',
      kills: false,
      afterSeconds: null,
      appliesTo: [],
      keepaliveHelps: true,
      summary: `sshd sends a keepalive every ${fmt(period)} and ends the connection after ${countMax ?? 'ClientAliveCountMax'} unanswered ones: only when the path is already dead${tooSlow ? `; too slow for a ${fmt(t)} NAT` : ''}`,
      evidence,
      fix: tooSlow
        ? { text: `Server side: \`ClientAliveInterval ${serverIntervalFor(t, version)}\` in sshd_config${doubled ? ' (this sshd sends at twice the interval)' : ''}, or turn on keepalive in your client (the button).`, by: 'administrator', action: null }
        : { text: 'Nothing to do.', by: 'nobody', action: null },
    },
  ];
}

/** A keepalive that crosses a leg of the path, and how often. */
interface Crossing {
  period: number;
  what: string;
}

function targetCrossings(facts: DiagnosisFacts, version: OpenSshVersion | null): Crossing[] {
  const out: Crossing[] = [];
  if (facts.client.serverAliveInterval > 0) out.push({ period: facts.client.serverAliveInterval, what: `your ssh's ServerAliveInterval ${facts.client.serverAliveInterval} for ${facts.host}` });
  const server = facts.server.clientAliveInterval;
  if (server !== null && server > 0) {
    const period = serverKeepalivePeriod(server, version);
    out.push({ period, what: `the ClientAliveInterval ${server} of ${facts.host}'s sshd${period !== server ? ` (sent every ${period} s)` : ''}` });
  }
  return out;
}

const hopCrossing = (h: Hop): Crossing[] =>
  h.serverAliveInterval !== null && h.serverAliveInterval > 0 ? [{ period: h.serverAliveInterval, what: `ServerAliveInterval ${h.serverAliveInterval} of jump host ${h.name}` }] : [];

const fastest = (c: readonly Crossing[]) => c.reduce<Crossing | null>((best, x) => (best === null || x.period < best.period ? x : best), null);

/** Everything the client's side of the path (where the user's NAT is) sees: every ssh on it, and the target's server. */
function natCause(facts: DiagnosisFacts, version: OpenSshVersion | null): Cause {
  const t = facts.natTimeout;
  const best = fastest([...targetCrossings(facts, version), ...facts.hops.flatMap(hopCrossing)]);
  const fixInterval = clientIntervalFor(t ?? 120);
  const fix = { text: `Turn on keepalive for ${facts.host}: ServerAliveInterval ${fixInterval}.`, by: 'app' as const, action: { kind: 'client-keepalive' as const, host: facts.host, interval: fixInterval } };
  const first = facts.hops[0] ? ` (the connection to jump host ${facts.hops[0].name})` : '';
  if (t === null) {
    return best
      ? { id: 'nat-idle', kills: false, afterSeconds: null, appliesTo: [], keepaliveHelps: true, summary: `Keepalive every ${fmt(best.period)} keeps NATs that wait longer than that`, evidence: best.what, fix: { text: 'Nothing to do unless your network forgets idle connections faster than that (measure it).', by: 'nobody', action: null } }
      : { id: 'nat-idle', kills: false, afterSeconds: null, appliesTo: ['shell', 'command', 'tunnel'], keepaliveHelps: true, summary: 'No keepalive on either side: a NAT or firewall on the way forgets the idle connection (how soon is not known: measure the network or choose a timeout)', evidence: `ServerAliveInterval 0 for ${facts.host}, and no server keepalive`, fix };
  }
  if (best && best.period < t) {
    return { id: 'nat-idle', kills: false, afterSeconds: null, appliesTo: [], keepaliveHelps: true, summary: `Keepalive every ${fmt(best.period)} keeps a ${fmt(t)} NAT open`, evidence: best.what, fix: { text: 'Nothing to do.', by: 'nobody', action: null } };
  }
  return {
    id: 'nat-idle',
    kills: true,
    afterSeconds: t,
    appliesTo: ['shell', 'command', 'tunnel'],
    keepaliveHelps: true,
    summary: best ? `A NAT that forgets idle connections after ${fmt(t)}${first} ends the session: keepalive every ${fmt(best.period)} is too slow` : `A NAT that forgets idle connections after ${fmt(t)}${first} ends the session: no keepalive on either side`,
    evidence: best ? `${best.what}; NAT timeout ${fmt(t)}` : `ServerAliveInterval 0 for ${facts.host} and no server keepalive; NAT timeout ${fmt(t)}`,
    fix,
  };
}

function hopCauses(facts: DiagnosisFacts, version: OpenSshVersion | null): Cause[] {
  const t = facts.natTimeout;
  const out: Cause[] = [];
  facts.hops.forEach((hop, i) => {
    if (hop.via === 'ProxyCommand') {
      out.push({
        id: 'jump-hop-unprotected',
        kills: false,
        afterSeconds: null,
        appliesTo: [],
        keepaliveHelps: true,
        summary: `ProxyCommand \`${hop.command ?? hop.name}\` sits between ssh and the server; idle timers of its own (if any) cannot be seen from here`,
        evidence: `proxycommand ${hop.command ?? '?'}`,
        fix: { text: 'The keepalive of ssh travels through the proxy; if the proxy has an idle timeout of its own, keep the keepalive shorter than it.', by: 'nobody', action: null },
      });
      return;
    }
    const own = hop.serverAliveInterval ?? 0;
    if (own > 0 && (t === null || own < t)) return;
    const inner = fastest([...targetCrossings(facts, version), ...facts.hops.slice(i + 1).flatMap(hopCrossing)]);
    const covered = inner !== null && (t === null || inner.period < t);
    const kills = t !== null && !covered;
    const interval = clientIntervalFor(t ?? 120);
    const ownText = own > 0 ? `keepalive every ${fmt(own)} is too slow for a ${fmt(t ?? 0)} NAT` : 'no keepalive of its own';
    out.push({
      id: 'jump-hop-unprotected',
      kills,
      afterSeconds: kills ? t : null,
      appliesTo: kills ? ['shell', 'command', 'tunnel'] : [],
      keepaliveHelps: true,
      summary: covered
        ? `The connection to jump host ${hop.name} has ${ownText}; ${inner.what} travels through it and keeps it open`
        : `The connection to jump host ${hop.name} has ${ownText}, and nothing inside it keeps it open${t !== null ? `: a ${fmt(t)} NAT forgets it` : ''}`,
      evidence: `ssh -G ${hop.name}: serveraliveinterval ${own}${inner ? `; inside it: ${inner.what}` : '; inside it: no keepalive'}`,
      fix: { text: `Turn on keepalive for ${hop.name}: ServerAliveInterval ${interval} (for the jump host's own connection; ssh applies the target's options only to the target).`, by: 'app', action: { kind: 'client-keepalive', host: hop.name, interval } },
    });
  });
  return out;
}

/** What could not be read: no verdict, only where to look (`fix` says who can). */
function notRead(summary: string, evidence: string, fix: Cause['fix']): Cause {
  return { id: 'unknown', kills: false, afterSeconds: null, appliesTo: [], keepaliveHelps: false, summary, evidence, fix };
}

function unknownCauses(facts: DiagnosisFacts): Cause[] {
  const out: Cause[] = [];
  if (facts.server.source !== 'sshd -T') {
    out.push(
      notRead(
        `The server's ChannelTimeout and UnusedConnectionTimeout could not be read${facts.server.source === 'measured' ? ' (its keepalive was measured)' : ''}: they may still close idle sessions`,
        facts.server.reason ?? 'sshd -T did not answer',
        { text: "Ask the administrator for `sshd -T | grep -Ei 'clientalive|channeltimeout|unusedconnection'`.", by: 'administrator', action: null },
      ),
    );
  }
  if (facts.shell.reason) {
    out.push(notRead("The login shell's idle logout could not be read", facts.shell.reason, { text: "Look for TMOUT or autologout in the shell's startup files on the server.", by: 'you', action: null }));
  }
  return out;
}
