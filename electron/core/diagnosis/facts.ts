import { parseOpenSshVersion, parseSystemdTimespan, type LogindFacts, type ServerFacts, type ShellFacts } from '../../../common/diagnosis';
import type { RemoteFacts } from './parse-remote';

/**
 * From what the server said (parse-remote.ts) to the facts the ranking reads. Every doubt becomes
 * "unknown" with its reason, never a default: an sshd -T that skipped an unreadable drop-in
 * directory prints defaults and exits 0.
 */

/** A ChannelTimeout value as sshd -T prints it: type=time words (types are globs). */
const CHANNEL_TIMEOUT = /^[A-Za-z0-9_.:*?@+-]{1,64}=[0-9smhdwSMHDW]{1,20}(?: [A-Za-z0-9_.:*?@+-]{1,64}=[0-9smhdwSMHDW]{1,20}){0,31}$/;
const int = (s: string | undefined) => (s !== undefined && /^\d{1,9}$/.test(s) ? Number(s) : null);

export function serverFactsFrom(remote: RemoteFacts, announcedVersion: string | null): Omit<ServerFacts, 'source' | 'reason'> & { trusted: boolean; reason: string | null } {
  const version = announcedVersion ?? remote.sshdBinaryVersion;
  const base = {
    version: version && parseOpenSshVersion(version) ? version.slice(0, 120) : null,
    clientAliveInterval: null,
    clientAliveCountMax: null,
    tcpKeepAlive: null,
    channelTimeout: null,
    unusedConnectionTimeout: null,
    configLines: remote.configLines,
  };
  const denied = remote.sshdErrors.find((e) => /Permission denied|Bad configuration|bad permissions|terminating/i.test(e));
  let reason: string | null = null;
  if (remote.unreadable.length) reason = `sshd reads ${remote.unreadable.join(', ')}, which ${remote.user ?? 'this user'} cannot read (sshd -T would skip ${remote.unreadable.length > 1 ? 'them' : 'it'} silently and print defaults)`;
  else if (!remote.sshdPath) reason = 'no sshd program found on the server';
  else if (remote.sshdMode === null) reason = `sshd -T could not run as ${remote.user ?? 'this user'}${remote.sshdErrors.length ? `: ${remote.sshdErrors[remote.sshdErrors.length - 1]}` : ''}`;
  else if (denied) reason = `sshd -T: ${denied}`;
  else if (!remote.sshdValues.has('clientaliveinterval')) reason = 'sshd -T printed no ClientAliveInterval';
  if (reason) return { ...base, trusted: false, reason };

  const v = remote.sshdValues;
  const ct = v.get('channeltimeout');
  const uct = v.get('unusedconnectiontimeout');
  const tcp = v.get('tcpkeepalive');
  const channelTimeout = ct === undefined || ct.toLowerCase() === 'none' ? null : CHANNEL_TIMEOUT.test(ct) ? ct : undefined;
  if (channelTimeout === undefined) return { ...base, trusted: false, reason: `sshd -T printed a ChannelTimeout this app cannot read: ${ct}` };
  const options = remote.sshdOptions.length ? `the daemon runs with ${remote.sshdOptions.join(' ')}, which override its files` : null;
  return {
    ...base,
    clientAliveInterval: int(v.get('clientaliveinterval')),
    clientAliveCountMax: int(v.get('clientalivecountmax')),
    tcpKeepAlive: tcp === 'yes' ? true : tcp === 'no' ? false : null,
    channelTimeout,
    unusedConnectionTimeout: uct === undefined ? null : uct.toLowerCase() === 'none' ? 0 : int(uct),
    trusted: true,
    reason: options,
  };
}

const SH_LIKE = new Set(['bash', 'sh', 'dash', 'ksh', 'ksh93', 'mksh', 'lksh', 'zsh', 'ash', 'yash', 'oksh']);

export function shellFactsFrom(remote: RemoteFacts): ShellFacts {
  const s = remote.shell;
  const name = s.path ? (s.path.split('/').pop() ?? '') : '';
  const none: ShellFacts = { path: s.path, tmout: null, readonly: false, variable: null, graceSeconds: 0, lines: s.lines, reason: null };
  if (!s.path) return { ...none, reason: 'the login shell could not be read' };
  if (name === 'csh' || name === 'tcsh') {
    if (s.autologout === null) return { ...none, reason: `${name} -l did not answer within 10 s` };
    const minutes = /^(\d{1,6})(?:\s|$)/.exec(s.autologout);
    return minutes && Number(minutes[1]) > 0 ? { ...none, tmout: Number(minutes[1]) * 60, variable: 'autologout' } : none;
  }
  if (!SH_LIKE.has(name)) return { ...none, reason: `the login shell ${s.path} is not one the diagnosis can ask (sh, bash, dash, ksh, zsh, csh, tcsh)` };
  if (s.tmout === null) return { ...none, reason: `${name} -l did not answer within 10 s` };
  // bash, ksh and zsh ignore a TMOUT that is not a positive whole number.
  const tmout = /^\d{1,9}$/.test(s.tmout) ? Number(s.tmout) : 0;
  if (tmout <= 0) return none;
  // ksh93 warns after TMOUT and exits 60 s later ("shell will timeout in 60 seconds"), measured here.
  const ksh93 = (name === 'ksh' || name === 'ksh93') && /93/.test(s.kshVersion ?? '');
  return { ...none, tmout, readonly: s.readonly === true, variable: 'TMOUT', graceSeconds: ksh93 ? 60 : 0 };
}

export function logindFactsFrom(remote: RemoteFacts): LogindFacts | null {
  const l = remote.logind;
  const fromLoginctl = l.loginctl ? /^StopIdleSessionUSec=(.{1,64})$/.exec(l.loginctl)?.[1] : undefined;
  const fromConf = l.logindConf ? /^\s*StopIdleSessionSec=(.{0,64})$/.exec(l.logindConf)?.[1] : undefined;
  const raw = fromLoginctl ?? fromConf;
  if (raw === undefined) return null;
  const seconds = raw.trim() === '' ? Infinity : parseSystemdTimespan(raw);
  if (seconds === null) return null;
  return {
    stopIdleSessionSec: Number.isFinite(seconds) && seconds > 0 ? seconds : null,
    source: fromLoginctl !== undefined ? `loginctl: StopIdleSessionUSec=${raw}` : `logind.conf: StopIdleSessionSec=${raw}`,
    registered: l.xdgSessionId ? true : l.systemdVersion !== null ? false : null,
    systemdVersion: l.systemdVersion,
  };
}
