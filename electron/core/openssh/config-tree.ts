import { globPartToRegExp } from './glob';
import path from 'node:path';
import { lexText, strdelimCursor, type LexedLine } from './lexer';

/**
 * A system config (sshd_config or ssh_config) flattened the way OpenSSH reads it: Include expanded
 * in place (glob results in byte order), every directive tagged with the conditional blocks
 * (Match, and Host for the client) it sits under. A Match/Host in an included file ends with that
 * file; an Include inside a block puts everything it includes under that block.
 *
 * File access goes through `TreeIo`, so the app (plain reads) and the root helper (reads that refuse
 * anything but regular files) build the same tree from the same bytes.
 */
export type ConfigFlavor = 'sshd' | 'ssh';

export interface TreeIo {
  read(file: string): Promise<{ exists: boolean; text: string; hash: string }>;
  /** Entry names of a directory; [] when it does not exist. */
  list(dir: string): Promise<string[]>;
}

export interface TreeFile {
  path: string;
  exists: boolean;
  text: string;
  hash: string;
  lines: LexedLine[];
}

export interface BlockRef {
  kind: 'match' | 'host';
  file: string;
  lineNo: number;
  /** As written (for labels); what the block matches is read with strdelimCursor, as ssh/sshd do. */
  args: string[];
  /** `Match all` in any spelling OpenSSH accepts (`Match all`, `Match=all`, `Match all=`, `Match all # x`). */
  all?: boolean;
  /**
   * sshd: a Match every real connection passes though it names criteria (`Match User *`,
   * `Host *`, `Address *`, `LocalAddress *`, no negation). `sshd -T -C` applies it, plain
   * `sshd -T` does not (a criterion without its -C value fails there).
   */
  wildcard?: boolean;
}

export interface TreeDirective {
  /** Position in evaluation order. */
  order: number;
  file: string;
  line: LexedLine;
  /** Outermost first; [] = global. */
  blocks: BlockRef[];
}

export interface IncludeRef {
  file: string;
  lineNo: number;
  /** The pattern made absolute (relative ones are relative to /etc/ssh, as for system files). */
  pattern: string;
  /** True when the Include sits outside every Match/Host block. */
  global: boolean;
  /** Files it expanded to, with the range of directive orders each produced. */
  expansion: { file: string; firstOrder: number; endOrder: number }[];
  endOrder: number;
}

export interface TreeIssue {
  file: string;
  line: number;
  message: string;
}

export interface ConfigTree {
  flavor: ConfigFlavor;
  root: string;
  files: Map<string, TreeFile>;
  directives: TreeDirective[];
  includes: IncludeRef[];
  issues: TreeIssue[];
  /** Directory listings the globs saw, so a planner can overlay edits on the same view. */
  listings: Map<string, string[]>;
  /** Where relative Include paths start (/etc/ssh for system files). */
  baseDir: string;
}

const MAX_DEPTH = 16;
export const SSH_DIR = '/etc/ssh';

export async function loadTree(root: string, flavor: ConfigFlavor, io: TreeIo, baseDir = SSH_DIR): Promise<ConfigTree> {
  const tree: ConfigTree = { flavor, root, files: new Map(), directives: [], includes: [], issues: [], listings: new Map(), baseDir };
  await loadFile(tree, io, root, [], 0);
  return tree;
}

async function readTreeFile(tree: ConfigTree, io: TreeIo, file: string): Promise<TreeFile> {
  const known = tree.files.get(file);
  if (known) return known;
  const r = await io.read(file);
  const tf: TreeFile = { path: file, exists: r.exists, text: r.text, hash: r.hash, lines: lexText(r.text) };
  tree.files.set(file, tf);
  return tf;
}

async function loadFile(tree: ConfigTree, io: TreeIo, file: string, inherited: BlockRef[], depth: number): Promise<void> {
  if (depth > MAX_DEPTH) {
    tree.issues.push({ file, line: 0, message: `Include nested deeper than ${MAX_DEPTH} levels` });
    return;
  }
  const tf = await readTreeFile(tree, io, file);
  let local: BlockRef | null = null;
  const blockKeys = tree.flavor === 'sshd' ? ['match'] : ['match', 'host'];
  for (const line of tf.lines) {
    if (line.kind !== 'directive') continue;
    if (line.error) tree.issues.push({ file, line: line.lineNo, message: line.error });
    if (blockKeys.includes(line.key)) {
      local = { kind: line.key === 'host' ? 'host' : 'match', file, lineNo: line.lineNo, args: line.args };
      if (line.key === 'match') {
        local.all = isMatchAll(line);
        if (!local.all && isMatchWildcard(line)) local.wildcard = true;
      }
      continue;
    }
    const blocks = local ? [...inherited, local] : inherited;
    if (line.key === 'include') {
      for (const arg of line.args) {
        const pattern = path.posix.isAbsolute(arg) ? arg : path.posix.join(tree.baseDir, arg);
        const inc: IncludeRef = { file, lineNo: line.lineNo, pattern, global: blocks.length === 0, expansion: [], endOrder: 0 };
        tree.includes.push(inc);
        for (const match of await expand(tree, io, pattern, file, line.lineNo)) {
          const firstOrder = tree.directives.length;
          await loadFile(tree, io, match, blocks, depth + 1);
          inc.expansion.push({ file: match, firstOrder, endOrder: tree.directives.length });
        }
        inc.endOrder = tree.directives.length;
      }
      continue;
    }
    tree.directives.push({ order: tree.directives.length, file, line, blocks });
  }
}

/** glob(3) for the shapes system configs use: wildcards in the last path component only. */
async function expand(tree: ConfigTree, io: TreeIo, pattern: string, file: string, lineNo: number): Promise<string[]> {
  const dir = path.posix.dirname(pattern);
  const base = path.posix.basename(pattern);
  if (/[*?[]/.test(dir)) {
    tree.issues.push({ file, line: lineNo, message: `Include ${pattern}: wildcards in directory names are not followed` });
    return [];
  }
  if (!/[*?[]/.test(base)) return (await io.read(pattern)).exists ? [pattern] : [];
  const re = globToRegExp(base);
  const listing = tree.listings.get(dir) ?? (await io.list(dir));
  tree.listings.set(dir, listing);
  const names = listing.filter((n) => re.test(n) && (!n.startsWith('.') || base.startsWith('.')));
  return names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))).map((n) => path.posix.join(dir, n));
}

/** glob(3) for one path component: the same matcher as the client's Include. */
export const globToRegExp = globPartToRegExp;

/** True when a block applies to every connection / every host (Host *, Match all). */
export function blockAppliesToAll(b: BlockRef): boolean {
  if (b.kind === 'host') return b.args.includes('*') && !b.args.some((a) => a.startsWith('!'));
  return b.all === true;
}

/**
 * match_cfg_line() (readconf.c and servconf.c alike) on its own tokens: `all` first, then nothing,
 * an empty token or a comment. argv words (`args`) differ: `Match all=` is `all=` there.
 */
function isMatchAll(line: LexedLine): boolean {
  const cur = strdelimCursor(line);
  if (cur.next()?.toLowerCase() !== 'all') return false;
  const next = cur.next();
  if (next !== null && next.startsWith('#')) return true;
  return (next === null || next === '') && cur.consumed();
}

/**
 * Criteria whose pattern list `*` passes for every connection sshd accepts: a user name, the
 * client's host name or address, the local address. Not Group (a user may have no named group),
 * RDomain (unset outside a routing domain), LocalPort (numbers only).
 */
const WILDCARD_CRITERIA = new Set(['user', 'host', 'address', 'localaddress']);

/** match_cfg_line() tokens: criterion, pattern list; each list holds `*` and no `!` entry. */
function isMatchWildcard(line: LexedLine): boolean {
  const cur = strdelimCursor(line);
  let criteria = 0;
  for (;;) {
    const attr = cur.next();
    if (attr === null || attr === '' || attr.startsWith('#')) return criteria > 0;
    if (!WILDCARD_CRITERIA.has(attr.toLowerCase())) return false;
    const list = cur.next()?.split(',') ?? [];
    if (!list.includes('*') || list.some((p) => p.startsWith('!'))) return false;
    criteria++;
  }
}

/**
 * True when a directive applies everywhere. sshd: only outside every Match (a matching Match block
 * overrides the global value, so even `Match all` is an override, not the global value).
 * ssh: also inside `Host *` / `Match all`, which every host passes in file order.
 */
export function isGlobal(flavor: ConfigFlavor, d: TreeDirective): boolean {
  return flavor === 'sshd' ? d.blocks.length === 0 : d.blocks.every(blockAppliesToAll);
}
