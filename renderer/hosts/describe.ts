import type { HostRow, KeepaliveValues, ValueSource, Verdict } from '../../common/contract/hosts';
import { formatDuration, formatInterval, NO_BREAK } from '../../common/format/duration';
import { formatSource } from '../../common/format/source';
import { verdictText } from '../../common/nat/verdict';

/**
 * A host row in words, for the dense list: its status, where it points and its keepalive as an
 * outcome. Pure functions of the snapshot row (no DOM), so the list, its filter and the opening
 * answer say the same thing.
 */

/** ok: an idle session survives this network; bad: it drops; depends: a Match decides when ssh connects. */
export type HostStatus = 'ok' | 'bad' | 'depends';

export function hostStatus(host: Pick<HostRow, 'decided' | 'verdict'>): HostStatus {
  if (!host.decided) return 'depends';
  return host.verdict.protected ? 'ok' : 'bad';
}

export const STATUS_TEXT: Record<HostStatus, string> = {
  ok: 'Stays connected',
  bad: 'Drops when idle',
  depends: 'Depends on a Match',
};

/** The block's patterns without the negated ones ("web1 web2 !web3" -> ["web1", "web2"]). */
function positivePatterns(pattern: string): string[] {
  return pattern.split(/\s+/).filter((p) => p && !p.startsWith('!'));
}

const hasWildcard = (p: string) => /[*?]/.test(p);

/** True for `Host *` (and `Host * !x`): what the all-hosts card shows, not a row of the list. */
export function isAllHostsBlock(pattern: string): boolean {
  const positive = positivePatterns(pattern);
  return positive.length === 1 && positive[0] === '*';
}

export interface Described {
  text: string;
  /** The tooltip: the OpenSSH keywords behind the text. */
  title: string;
}

/**
 * Where `ssh ALIAS` connects: user@HostName[:port] and the jump host. A wildcard block's values were
 * computed for a made-up name (its sample host); that name is never shown as if real: the pattern
 * stands in for it ("ops@*.internal").
 */
export function pointsTo(host: Pick<HostRow, 'pattern' | 'sampleHost' | 'connection'>): Described {
  const c = host.connection;
  const first = positivePatterns(host.pattern)[0] ?? host.pattern;
  const name = hasWildcard(first) && host.sampleHost ? c.hostName.split(host.sampleHost).join(first) : c.hostName;
  const address = c.port !== 22 ? `${name.includes(':') ? `[${name}]` : name}:${c.port}` : name;
  const via = c.proxyJump ? ` via ${c.proxyJump.split(',').join(', ')}` : c.proxyCommand ? ' via a ProxyCommand' : '';
  const title = [`HostName ${name}`, `User ${c.user}`, `Port ${c.port}`, c.proxyJump ? `ProxyJump ${c.proxyJump}` : c.proxyCommand ? `ProxyCommand ${c.proxyCommand}` : ''].filter(Boolean).join(' · ');
  return { text: `${c.user}@${address}${via}`, title };
}

const KEYWORDS = [
  ['ServerAliveInterval', (v: KeepaliveValues) => v.serverAliveInterval],
  ['ServerAliveCountMax', (v: KeepaliveValues) => v.serverAliveCountMax],
  ['TCPKeepAlive', (v: KeepaliveValues) => v.tcpKeepAlive],
] as const;

const shown = (value: number | boolean) => (typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value));

/** "ServerAliveInterval 60 (config:12) · ServerAliveCountMax 3 (OpenSSH default) · TCPKeepAlive yes (OpenSSH default)" */
export function keywordsTitle(values: KeepaliveValues, configPath: string): string {
  const src = (s: ValueSource) => formatSource(s, configPath);
  return KEYWORDS.map(([name, of]) => `${name} ${shown(of(values).value)} (${src(of(values).source)})`).join(' · ');
}

/** The same, shorter, for a line of text: defaults said once ("… · TCPKeepAlive yes: OpenSSH defaults"). */
export function keywordsLine(values: KeepaliveValues, configPath: string): string {
  const all = KEYWORDS.map(([name, of]) => ({ text: `${name} ${shown(of(values).value)}`, source: of(values).source }));
  const defaults = all.filter((k) => k.source.kind === 'default').length;
  if (defaults === all.length) return `${all.map((k) => k.text).join(' · ')} (OpenSSH defaults)`;
  return all.map((k) => `${k.text} (${formatSource(k.source, configPath)})`).join(' · ');
}

/**
 * The keepalive as what the user gets: "every 60 s; a dead link noticed after ~4 min" (ssh gives
 * up after ServerAliveCountMax unanswered keepalives: interval x (CountMax + 1) after the link died),
 * or what goes wrong: "off: drops after 5 min idle".
 */
export function keepaliveOutcome(values: KeepaliveValues, verdict: Verdict): string {
  const f = verdict.facts;
  const interval = values.serverAliveInterval.value;
  const dur = (s: number) => formatDuration(s, NO_BREAK);
  const every = `every ${formatInterval(interval, NO_BREAK)}`;
  if (!f) return verdict.text;
  switch (f.kind) {
    case 'keepalive':
      // Kept alive by the jump connection (item 2's `via`): that connection's interval, not this block's.
      if ('via' in f && typeof f.via === 'string') return `kept alive by the connection to ${f.via} (every ${formatInterval(f.interval, NO_BREAK)})`;
      return `${every}; a dead link noticed after ~${dur(interval * (Math.max(0, values.serverAliveCountMax.value) + 1))}`;
    case 'too-slow':
      return `${every}: too slow, drops after ${dur(f.afterSeconds)} idle`;
    case 'no-keepalive':
      return `off: drops after ${dur(f.afterSeconds)} idle`;
    default:
      // Rare cases (TCP keepalive only, CountMax ending the session): the verdict's own sentence.
      return verdictText(f, NO_BREAK);
  }
}

export interface HostFilter {
  text: string;
  status: HostStatus | 'all';
}

/** Filter by alias, address, user, jump host, file:line, and by status. */
export function matchesFilter(host: HostRow, filter: HostFilter): boolean {
  if (filter.status !== 'all' && hostStatus(host) !== filter.status) return false;
  const needle = filter.text.trim().toLowerCase();
  if (!needle) return true;
  const c = host.connection;
  const fields = [host.pattern, c.hostName, c.user, c.proxyJump ?? '', `${host.file}:${host.line}`, pointsTo(host).text];
  return fields.some((f) => f.toLowerCase().includes(needle));
}
