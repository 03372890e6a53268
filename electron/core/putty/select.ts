import { AppError } from '../../contract/errors';
import type { ConfigSnapshot, HostRow } from '../../contract/hosts';
import type { PuttyTool, SessionSettings } from '../../contract/putty';
import { hasLiteralPattern, hostPatterns, mapHostToPutty, mapHostToWinscp, puttyDefaultSettings, sessionNameFor } from './mapping';

export interface Selection {
  /** Host ids (`file:line`), a Host line's pattern(s), or session names. */
  hosts: string[];
  all: boolean;
  defaults: boolean;
  sessionNames?: Record<string, string>;
}

/** Finds the Host block a user named on the command line or in the window. */
export function findHost(snapshot: ConfigSnapshot, wanted: string): HostRow {
  const h =
    snapshot.hosts.find((x) => x.id === wanted) ??
    snapshot.hosts.find((x) => x.pattern === wanted) ??
    snapshot.hosts.find((x) => sessionNameFor(x) === wanted) ??
    snapshot.hosts.find((x) => hostPatterns(x.pattern).includes(wanted));
  if (!h) throw new AppError('not-found', `No Host block "${wanted}" in ${snapshot.configPath}`, { file: snapshot.configPath });
  return h;
}

export function mapHost(tool: PuttyTool, host: HostRow, name?: string): SessionSettings {
  return tool === 'putty' ? mapHostToPutty(host, name) : mapHostToWinscp(host, name);
}

/** The sessions an export or registry write covers, in the config's order, without duplicates. */
export function selectSessions(snapshot: ConfigSnapshot, tool: PuttyTool, sel: Selection): SessionSettings[] {
  // "All hosts" means the named ones: a wildcard-only block (Host *, Host *.corp) is no one host;
  // its keepalive belongs in PuTTY's Default Settings (--defaults). Named explicitly, it is exported.
  const rows = [...(sel.all ? snapshot.hosts.filter(hasLiteralPattern) : []), ...sel.hosts.map((h) => findHost(snapshot, h))];
  const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
  const out = unique.map((h) => mapHost(tool, h, sel.sessionNames?.[h.id]));
  if (sel.defaults) {
    if (tool !== 'putty') throw new AppError('invalid-input', 'Default Settings export is for PuTTY only');
    out.unshift(puttyDefaultSettings(snapshot.allHosts.values));
  }
  if (out.length === 0) throw new AppError('invalid-input', `No Host blocks in ${snapshot.configPath} to export`);
  return out;
}
