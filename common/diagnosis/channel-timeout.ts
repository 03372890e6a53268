import { parseSshdTime } from './duration';
import { hasGlobalChannelTimeout, type OpenSshVersion } from './openssh-version';

/**
 * sshd's ChannelTimeout as `sshd -T` prints it ("session:*=1h30m direct-tcpip=5m"): which idle
 * channels it closes, read the way sshd reads it (channels.c lookup_timeout: the FIRST rule whose
 * glob matches the channel's type decides, 0 meaning never; `global` from 9.7 is a separate clock
 * over all channels). Keepalives never count as activity here: only channel data does.
 */
export interface ChannelTimeoutRule {
  /** A glob over channel types (OpenSSH match_pattern: `*`, `?`, case-sensitive). */
  pattern: string;
  seconds: number;
  text: string;
}

export interface ChannelTimeoutEffect {
  seconds: number;
  /** The rule that decides ("session:*=5m"). */
  rule: string;
}

export interface ChannelTimeoutAnalysis {
  rules: ChannelTimeoutRule[];
  /** Words sshd would refuse (sshd -T never prints them; a hand-typed value might hold them). */
  invalid: string[];
  /** An idle interactive shell (`ssh HOST`): type session:shell. */
  shell: ChannelTimeoutEffect | null;
  /** An idle remote command (`ssh HOST cmd`): session:command. */
  command: ChannelTimeoutEffect | null;
  /** Forwarded connections through this server (`-L`, `-D`, ProxyJump via it): direct-tcpip. */
  directTcpip: ChannelTimeoutEffect | null;
  /** Rules that look as if they close idle shells and do not, and why. */
  ineffective: Array<{ rule: string; why: string }>;
}

/** What sshd relabels session channels to (session.c channel_set_xtype), and other channel types. */
export const CHANNEL_TYPES = {
  shell: 'session:shell',
  command: 'session:command',
  directTcpip: 'direct-tcpip',
} as const;

/** OpenSSH's match_pattern(): `*` any run, `?` one character, everything else literal. */
export function globMatch(text: string, pattern: string): boolean {
  let t = 0;
  let p = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      t++;
      p++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

export function parseChannelTimeout(value: string | null): { rules: ChannelTimeoutRule[]; invalid: string[] } {
  const rules: ChannelTimeoutRule[] = [];
  const invalid: string[] = [];
  if (value === null) return { rules, invalid };
  const words = value.trim().split(/\s+/).filter(Boolean);
  if (words.length === 1 && words[0]?.toLowerCase() === 'none') return { rules, invalid };
  for (const word of words) {
    const eq = word.indexOf('=');
    const seconds = eq > 0 ? parseSshdTime(word.slice(eq + 1)) : null;
    if (eq <= 0 || seconds === null) invalid.push(word);
    else rules.push({ pattern: word.slice(0, eq), seconds, text: word });
  }
  return { rules, invalid };
}

/**
 * The idle timeout sshd gives a channel of `type`: the first matching rule (0 = none), and from 9.7
 * the `global` clock too, whichever is shorter. Unknown version: `global` is assumed understood.
 */
export function timeoutFor(rules: readonly ChannelTimeoutRule[], type: string, version: OpenSshVersion | null): ChannelTimeoutEffect | null {
  const globalWorks = version === null || hasGlobalChannelTimeout(version);
  const separate = (r: ChannelTimeoutRule) => globalWorks && r.pattern === 'global';
  const first = rules.find((r) => !separate(r) && globMatch(type, r.pattern));
  const global = rules.find(separate);
  const effects = [first, global].filter((r): r is ChannelTimeoutRule => r !== undefined && r.seconds > 0);
  if (!effects.length) return null;
  const best = effects.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { seconds: best.seconds, rule: best.text };
}

export function analyseChannelTimeout(value: string | null, version: OpenSshVersion | null): ChannelTimeoutAnalysis {
  const { rules, invalid } = parseChannelTimeout(value);
  const shell = timeoutFor(rules, CHANNEL_TYPES.shell, version);
  const ineffective: ChannelTimeoutAnalysis['ineffective'] = [];
  const globalWorks = version === null || hasGlobalChannelTimeout(version);
  const firstForShell = rules.find((r) => !(globalWorks && r.pattern === 'global') && globMatch(CHANNEL_TYPES.shell, r.pattern));
  for (const r of rules) {
    if (r.seconds === 0) continue;
    if (r.pattern === 'global' && !globalWorks) {
      ineffective.push({ rule: r.text, why: `\`global\` is understood from OpenSSH 9.7; this server's sshd reads it as a channel type named "global", which no channel has` });
    } else if (globMatch('session', r.pattern) && !globMatch(CHANNEL_TYPES.shell, r.pattern)) {
      ineffective.push({ rule: r.text, why: `it does not match interactive shells: sshd relabels a session channel "${CHANNEL_TYPES.shell}" (or "${CHANNEL_TYPES.command}") once the shell starts; \`session:*=\` does` });
    } else if (globMatch(CHANNEL_TYPES.shell, r.pattern) && firstForShell && firstForShell !== r) {
      ineffective.push({ rule: r.text, why: `an earlier rule, ${firstForShell.text}, matches shells first and sshd uses only the first match` });
    }
  }
  return {
    rules,
    invalid,
    shell,
    command: timeoutFor(rules, CHANNEL_TYPES.command, version),
    directTcpip: timeoutFor(rules, CHANNEL_TYPES.directTcpip, version),
    ineffective,
  };
}
