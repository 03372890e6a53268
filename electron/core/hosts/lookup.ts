import type { HostLookup, LookupSetting, ConfigLine } from '../../../common/contract/lookup';
import type { ValueSource } from '../../../common/contract/hosts';
import { routeVerdict } from '../../../common/nat/route-verdict';
import { resolveHost, type ConnectionKey, type ResolveEnv } from '../openssh/resolve';
import { hopResolver, routeOf } from '../openssh/route';
import type { ClientConfigModel, Directive } from '../openssh/ssh-config';

/**
 * "Which settings apply to NAME?": `ssh -G NAME`'s values for the keywords the app is about, each
 * with the line that decides it as written, and every block that applied (first value wins, so the
 * first block that sets a keyword decides it).
 */
export function lookupHost(model: ClientConfigModel, name: string, env: ResolveEnv, configPath: string, natTimeoutSeconds: number): HostLookup {
  const r = resolveHost(model, name, env);
  const route = routeOf(r.connection, hopResolver(model, env));
  const lineOf = (file: string, lineNo: number): ConfigLine => ({ file, line: lineNo, text: lineText(model, file, lineNo) });
  const conn = (keyword: string, key: ConnectionKey, value: string): LookupSetting => setting(keyword, value, r.connectionDeciders[key]);
  const c = r.connection;
  const v = r.values;
  const settings: LookupSetting[] = [
    conn('HostName', 'hostname', c.hostName),
    conn('User', 'user', c.user),
    conn('Port', 'port', String(c.port)),
    conn('ProxyJump', 'proxyjump', c.proxyJump ?? 'none'),
    conn('ProxyCommand', 'proxycommand', c.proxyCommand ?? 'none'),
    fromValue('ServerAliveInterval', String(v.serverAliveInterval.value), v.serverAliveInterval.source, lineOf),
    fromValue('ServerAliveCountMax', String(v.serverAliveCountMax.value), v.serverAliveCountMax.source, lineOf),
    fromValue('TCPKeepAlive', v.tcpKeepAlive.value ? 'yes' : 'no', v.tcpKeepAlive.source, lineOf),
  ];
  const out: HostLookup = {
    name,
    configPath,
    settings,
    blocks: appliedBlocks(model, r.appliedScopes, lineOf),
    ownBlock: ownBlock(model, name),
    decided: r.decided,
    route,
    verdict: routeVerdict(r.values, route, natTimeoutSeconds),
    natTimeoutSeconds,
    issues: model.issues,
  };
  if (r.undecidedReason) out.undecidedReason = r.undecidedReason;
  return out;
}

function setting(keyword: string, value: string, d: Directive | undefined): LookupSetting {
  if (!d) return { keyword, value, source: { kind: 'default' } };
  return { keyword, value, source: { kind: 'line', file: d.file, line: d.line.lineNo }, line: { file: d.file, line: d.line.lineNo, text: d.line.raw } };
}

function fromValue(keyword: string, value: string, source: ValueSource, lineOf: (f: string, l: number) => ConfigLine): LookupSetting {
  return source.kind === 'line' ? { keyword, value, source, line: lineOf(source.file, source.line) } : { keyword, value, source };
}

function lineText(model: ClientConfigModel, file: string, lineNo: number): string {
  const lines = model.files.get(file)?.lines ?? [];
  const at = lines[lineNo - 1];
  return (at?.lineNo === lineNo ? at : lines.find((l) => l.lineNo === lineNo))?.raw ?? '';
}

/** Each applied scope's innermost header once (a block split by an Include is one block); lines before any header: line 0. */
function appliedBlocks(model: ClientConfigModel, scopes: number[], lineOf: (f: string, l: number) => ConfigLine): ConfigLine[] {
  const seen = new Set<string>();
  const out: ConfigLine[] = [];
  for (const idx of scopes) {
    const scope = model.scopes[idx]!;
    const header = scope.conds.at(-1);
    const file = header?.file ?? scope.directives[0]?.file ?? '';
    const key = header ? `${header.file}:${header.line}` : `${file}:0`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(header ? lineOf(header.file, header.line) : { file, line: 0, text: '(the lines before the first Host or Match)' });
  }
  return out;
}

/** The first user Host block that names NAME as a literal, positive pattern (and does not negate it). */
function ownBlock(model: ClientConfigModel, name: string): HostLookup['ownBlock'] {
  const b = model.hostBlocks.find(
    (block) => model.fileKinds.get(block.file) === 'user' && block.patterns.some((p) => !p.negated && p.pattern === name) && !block.patterns.some((p) => p.negated && p.pattern === name),
  );
  return b ? { file: b.file, line: b.line } : null;
}
