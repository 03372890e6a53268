import { spansOf } from '../openssh/lexer';
import type { MatchBlockInfo } from '../../../common/contract/hosts';
import type { ClientConfigModel } from '../openssh/ssh-config';

/** Match attributes only known when ssh connects (a command's exit status, the canonical name, …). */
const RUNTIME = new Set(['exec', 'canonical', 'final', 'localnetwork', 'tagged']);
/** The keywords the app reads for keepalive, as OpenSSH spells them. */
const KEEPALIVE: Record<string, string> = { serveraliveinterval: 'ServerAliveInterval', serveralivecountmax: 'ServerAliveCountMax', tcpkeepalive: 'TCPKeepAlive' };

/**
 * The user's Match blocks as what they are: conditions and what they set, not hosts. `before` is the
 * id of the first Host block read after it (null: after the last), so a list in file order can show
 * it where ssh reads it.
 */
export function matchBlocksOf(model: ClientConfigModel): MatchBlockInfo[] {
  const byId = new Map<string, MatchBlockInfo & { scope: number }>();
  for (const scope of model.scopes) {
    const header = scope.conds[scope.conds.length - 1];
    if (header?.kind !== 'match' || model.fileKinds.get(header.file) !== 'user') continue;
    const id = `${header.file}:${header.line}`;
    let block = byId.get(id);
    if (!block) {
      const raw = model.files.get(header.file)?.lines[header.line - 1];
      const criteria = raw ? raw.raw.slice(spansOf(raw).keywordSpan.end).replace(/^\s*=?\s*/, '').trim() : header.criteria.map((c) => `${c.negate ? '!' : ''}${c.attr} ${c.arg}`.trim()).join(' ');
      block = { id, file: header.file, line: header.line, criteria, runtime: header.criteria.some((c) => RUNTIME.has(c.attr)), sets: [], before: null, scope: scope.index };
      byId.set(id, block);
    }
    for (const d of scope.directives) {
      const keyword = KEEPALIVE[d.key];
      if (keyword) block.sets.push({ keyword, value: d.args.join(' '), line: d.line.lineNo });
    }
  }
  const hostStarts = model.hostBlocks.filter((b) => model.fileKinds.get(b.file) === 'user').map((b) => ({ id: `${b.file}:${b.line}`, scope: Math.min(...b.scopeIndexes) }));
  return [...byId.values()].map(({ scope, ...block }) => ({ ...block, before: hostStarts.find((h) => h.scope > scope)?.id ?? null }));
}
