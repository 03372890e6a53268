import { AppError } from '../../../common/contract/errors';
import type { ConfigSnapshot, HostRow } from '../../../common/contract/hosts';
import type { ExportKeepalive, PuttyTool, SessionSettings } from '../../../common/contract/sessions';
import type { ResolveName } from './jump';
import { hostPatterns, mapHostToPutty, mapHostToWinscp, puttyDefaultSettings, type MapOptions } from './mapping';

export type { ResolveName } from './jump';

export interface Selection {
  /** Host ids (`file:line`), a Host line's pattern(s), or a host name written on a Host line. */
  hosts: string[];
  all: boolean;
  defaults: boolean;
  sessionNames?: Record<string, string>;
  /** Every N s (default 60) or `keep`: see keepalive.ts. */
  keepalive?: ExportKeepalive | undefined;
}

export interface Selected {
  sessions: SessionSettings[];
  /** What was asked for and left out, and why (Default Settings that would add no keepalive). */
  omitted: string[];
}

/** Names a Host line gives literally: each is a host of its own (`Host web1 web2` = two hosts). */
export function literalNames(row: Pick<HostRow, 'pattern'>): string[] {
  return hostPatterns(row.pattern).filter((p) => !p.startsWith('!') && !/[*?]/.test(p));
}

/** Finds the Host block a user named on the command line or in the window. */
export function findHost(snapshot: ConfigSnapshot, wanted: string): HostRow {
  const h =
    snapshot.hosts.find((x) => x.id === wanted) ??
    snapshot.hosts.find((x) => x.pattern === wanted) ??
    snapshot.hosts.find((x) => literalNames(x).includes(wanted)) ??
    snapshot.hosts.find((x) => hostPatterns(x.pattern).includes(wanted));
  if (!h) throw new AppError('not-found', `No Host block "${wanted}" in ${snapshot.configPath}`, { file: snapshot.configPath });
  return h;
}

export function mapHost(tool: PuttyTool, host: HostRow, name?: string, opts: MapOptions = {}): SessionSettings {
  return tool === 'putty' ? mapHostToPutty(host, name, opts) : mapHostToWinscp(host, name, opts);
}

/** One row per host name: a block's own row for its first name, a fresh resolution for the others. */
function rowsFor(row: HostRow, names: string[], resolve: ResolveName | undefined): Array<{ row: HostRow; name: string | undefined }> {
  if (names.length === 0) return [{ row, name: undefined }]; // a wildcard block asked for by pattern
  return names.map((name) => (name === row.sampleHost || !resolve ? { row, name } : { row: { ...row, ...resolve(name), sampleHost: name }, name }));
}

/**
 * The sessions an export or registry write covers, in the config's order, one per host name, without
 * duplicates (a name on two Host lines is one host: the first wins, as its settings are the same).
 */
export function selectSessions(snapshot: ConfigSnapshot, tool: PuttyTool, sel: Selection, resolve?: ResolveName): Selected {
  // Many hosts share one jump host: resolve each jump host name once per export.
  const opts: MapOptions = { keepalive: sel.keepalive, resolve: resolve && memo(resolve) };
  const picked: Array<{ row: HostRow; name: string | undefined }> = [];
  if (sel.all) {
    // "All hosts" means the named ones: a wildcard-only block (Host *, Host *.corp) is no one host;
    // its keepalive belongs in PuTTY's Default Settings (--defaults).
    for (const row of snapshot.hosts) if (literalNames(row).length) picked.push(...rowsFor(row, literalNames(row), resolve));
  }
  for (const wanted of sel.hosts) {
    const row = findHost(snapshot, wanted);
    const names = literalNames(row);
    // A single host name asked for: that host only; a block (id or pattern): all its names.
    picked.push(...rowsFor(row, names.includes(wanted) ? [wanted] : names, resolve));
  }
  const seen = new Set<string>();
  const out: SessionSettings[] = [];
  for (const { row, name } of picked) {
    const custom = sel.sessionNames?.[row.id];
    const s = mapHost(tool, row, custom ?? name, opts);
    if (seen.has(s.sessionName)) continue;
    seen.add(s.sessionName);
    out.push(s);
  }
  const omitted: string[] = [];
  if (sel.defaults) {
    if (tool !== 'putty') throw new AppError('invalid-input', 'Default Settings export is for PuTTY only');
    const defaults = puttyDefaultSettings(snapshot.allHosts.values, sel.keepalive);
    if (defaults) out.unshift(defaults);
    else omitted.push(DEFAULTS_LEFT_OUT);
  }
  if (out.length === 0) {
    throw new AppError('invalid-input', omitted.length ? `Nothing to export: ${DEFAULTS_LEFT_OUT}` : `No Host blocks in ${snapshot.configPath} to export`);
  }
  return { sessions: out, omitted };
}

const DEFAULTS_LEFT_OUT =
  "PuTTY's Default Settings is left out: Host * has no ServerAliveInterval, and writing 0 there would switch off a keepalive your PuTTY may already have. Export with a keepalive interval to add one.";

function memo(resolve: ResolveName): ResolveName {
  const seen = new Map<string, ReturnType<ResolveName>>();
  return (name) => {
    let r = seen.get(name);
    if (!r) seen.set(name, (r = resolve(name)));
    return r;
  };
}
