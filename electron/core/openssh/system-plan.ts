import path from 'node:path';
import { lexText } from './lexer';
import { isAllowedPath, type SystemLayout } from './system-layout';
import { globToRegExp, isGlobal, loadTree, type ConfigFlavor, type ConfigTree, type TreeDirective, type TreeIo } from './config-tree';
import { globalInsertIndex, hasNoDirectives, insertLines, removeLines, replaceValue } from './system-edit';
import { DROP_IN_HEADER, DROP_IN_NAME, formatValue, keywordSpec, type SystemTarget } from './system-keywords';

/**
 * Plans a keepalive change of a system file: which file and which lines, as text in -> text out.
 * The app runs it for the preview, the root helper runs it again on the bytes it re-read (after
 * checking they hash to what the app saw), so the user approves exactly what gets written.
 *
 * Rules (first obtained value wins; sshd: a matching Match block overrides global lines):
 * - sshd, a `Match all` block sets the keyword: its (first) line decides for every connection and
 *   is edited in place (unset removes it too); a Match every connection passes by its patterns
 *   (`Match User *`) is refused with its file:line, since plain `sshd -T` cannot confirm it.
 * - set: the line that decides today is edited in place when it lives in our drop-in or when it is
 *   read before our drop-in would be; otherwise, when the main file includes the drop-in directory,
 *   we write `50-ssh-keepalive.conf` there; otherwise a line goes into the main file (sshd: before
 *   the first Match block; ssh: into `Host *`, created at the end when missing).
 * - unset: every global line of the keyword in an allowed file goes, so OpenSSH's default applies;
 *   our drop-in is removed when nothing but its header is left.
 */
export interface KeywordChange {
  keyword: string;
  action: 'set' | 'unset';
  value?: number | boolean;
}

export interface FileEdit {
  file: string;
  /** Hash of the bytes the edit was computed from ('' = file did not exist). */
  baseHash: string;
  before: string;
  /** null = delete the file. */
  after: string | null;
  created: boolean;
}

export interface SystemPlan {
  target: SystemTarget;
  edits: FileEdit[];
  /** Plain-language notes for the preview (e.g. "an earlier drop-in decides; edited there"). */
  notes: string[];
  /** Every file the plan read, with the hash it saw: the helper requires the same hashes. */
  inputs: Record<string, string>;
}

export class PlanBlocked extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const flavorOf = (t: SystemTarget): ConfigFlavor => (t === 'sshd_config' ? 'sshd' : 'ssh');

export async function planSystemChange(
  target: SystemTarget,
  layout: SystemLayout,
  io: TreeIo,
  changes: readonly KeywordChange[],
  baseDir?: string,
): Promise<SystemPlan> {
  const flavor = flavorOf(target);
  const original = await loadTree(layout.root, flavor, io, baseDir);
  const work = new Map<string, string | null>();
  const notes: string[] = [];
  const inputs: Record<string, string> = {};
  const remember = (tree: ConfigTree) => {
    for (const [file, tf] of tree.files) if (!work.has(file) && !(file in inputs)) inputs[file] = tf.hash;
  };
  remember(original);

  for (const change of changes) {
    const spec = keywordSpec(target, change.keyword);
    if (!spec) throw new Error(`${change.keyword} is not a keepalive keyword of ${target}`);
    const tree = await loadTree(layout.root, flavor, overlayIo(io, original, work), baseDir);
    remember(tree);
    const textOf = (file: string) => {
      const w = work.get(file);
      return w === undefined ? (tree.files.get(file)?.text ?? '') : (w ?? '');
    };
    const key = spec.name.toLowerCase();
    const globals = tree.directives.filter((d) => d.line.key === key && isGlobal(flavor, d));
    const dropIn = dropInSlot(tree, layout);

    // sshd: a Match block every connection passes overrides every global line (see everyConnection).
    const everyone = flavor === 'sshd' ? tree.directives.filter((d) => d.line.key === key && everyConnection(d)) : [];

    if (change.action === 'unset') {
      const byFile = new Map<string, number[]>();
      for (const d of everyone) refuseWildcard(tree, spec.name, d);
      for (const d of [...globals, ...everyone]) {
        if (!isAllowedPath(layout, d.file)) {
          throw new PlanBlocked(`${spec.name} is set in ${d.file}:${d.line.lineNo}, a file SSH Keepalive does not edit`, d.file, d.line.lineNo);
        }
        byFile.set(d.file, [...(byFile.get(d.file) ?? []), d.line.index]);
      }
      for (const [file, indices] of byFile) {
        const after = removeLines(textOf(file), indices);
        const ours = path.posix.basename(file) === DROP_IN_NAME && path.posix.dirname(file) === layout.dropInDir;
        work.set(file, ours && hasNoDirectives(after) ? null : after);
      }
      continue;
    }

    if (change.value === undefined) throw new Error(`a value is needed to set ${spec.name}`);
    const value = formatValue(spec, change.value);
    const deciderForAll = everyone[0];
    if (deciderForAll) {
      refuseWildcard(tree, spec.name, deciderForAll);
      const { file, line } = deciderForAll;
      if (!isAllowedPath(layout, file)) throw new PlanBlocked(`${spec.name} is decided by ${file}:${line.lineNo}, a file SSH Keepalive does not edit`, file, line.lineNo);
      notes.push(`${file}:${line.lineNo} (${blockLabel(tree, deciderForAll)}) decides ${spec.name} for every connection, over any global line, so that line is changed.`);
      if (line.args.join(' ') !== value) work.set(file, replaceValue(textOf(file), line.index, value));
      continue;
    }
    const decider = globals[0];
    const ourFile = dropIn?.file;
    if (decider && (decider.file === ourFile || !dropIn || decider.order < dropIn.position)) {
      if (!isAllowedPath(layout, decider.file)) {
        throw new PlanBlocked(`${spec.name} is decided by ${decider.file}:${decider.line.lineNo}, a file SSH Keepalive does not edit`, decider.file, decider.line.lineNo);
      }
      if (decider.file !== ourFile && dropIn) {
        notes.push(`${decider.file}:${decider.line.lineNo} is read before ${DROP_IN_NAME} and already sets ${spec.name}, so that line is changed instead.`);
      }
      if (decider.line.args.join(' ') !== value) work.set(decider.file, replaceValue(textOf(decider.file), decider.line.index, value));
      continue;
    }
    const line = `${spec.name} ${value}`;
    if (dropIn && flavor === 'ssh') {
      // A top-level line in the drop-in is read before the main file's Host blocks: say which
      // host-specific settings it will now override, so the preview does not hide it.
      for (const d of tree.directives) {
        if (d.line.key !== key || isGlobal(flavor, d) || d.order < dropIn.position) continue;
        const b = d.blocks[d.blocks.length - 1]!;
        notes.push(`${DROP_IN_NAME} is read before ${d.file}:${d.line.lineNo} (${b.kind === 'host' ? 'Host' : 'Match'} ${b.args.join(' ')}), so it also decides ${spec.name} for those hosts.`);
      }
    }
    if (dropIn) {
      const exists = work.has(dropIn.file) ? work.get(dropIn.file) !== null : (tree.files.get(dropIn.file)?.exists ?? false);
      const text = exists ? textOf(dropIn.file) : '';
      work.set(dropIn.file, exists ? insertLines(text, globalInsertIndex(text, blockKeys(flavor)), [line]) : `${DROP_IN_HEADER}\n${line}\n`);
      continue;
    }
    work.set(layout.root, insertIntoMain(flavor, textOf(layout.root), line));
  }

  const edits: FileEdit[] = [];
  for (const [file, after] of work) {
    const tf = original.files.get(file);
    const before = tf?.text ?? '';
    const existed = tf?.exists ?? false;
    if (after === before && existed) continue;
    if (after === null && !existed) continue;
    edits.push({ file, baseHash: tf?.hash ?? '', before, after, created: !existed });
  }
  return { target, edits, notes, inputs };
}

/**
 * sshd: inside Match blocks every connection passes. servconf.c applies the global lines, then
 * the matching Match blocks (first value wins among them) over them, so the first such line
 * decides for everyone no earlier specific Match names.
 */
const everyConnection = (d: TreeDirective) => d.blocks.length > 0 && d.blocks.every((b) => b.kind === 'match' && (b.all === true || b.wildcard === true));

/** The Match line as the user wrote it (for messages). */
function blockLabel(tree: ConfigTree, d: TreeDirective): string {
  const b = d.blocks.find((x) => x.wildcard) ?? d.blocks[d.blocks.length - 1]!;
  return tree.files.get(b.file)?.lines[b.lineNo - 1]?.raw.trim() ?? `Match ${b.args.join(' ')}`;
}

/**
 * `Match User *` and the like: every real connection passes, but plain `sshd -T` (what status
 * shows and what the helpers verify with) does not apply it, so a change there could not be
 * confirmed and a global line would have no effect: refuse, naming the line.
 */
function refuseWildcard(tree: ConfigTree, keyword: string, d: TreeDirective): void {
  if (!d.blocks.some((b) => b.wildcard)) return;
  const at = `${d.file}:${d.line.lineNo}`;
  throw new PlanBlocked(
    `${keyword} is set at ${at} inside "${blockLabel(tree, d)}", which every connection matches, so a global value would have no effect. SSH Keepalive edits global lines and Match all blocks only: change ${at} by hand.`,
    d.file,
    d.line.lineNo,
  );
}

const blockKeys = (flavor: ConfigFlavor) => (flavor === 'sshd' ? ['match'] : ['match', 'host']);

/** Where our drop-in would be read: the first global Include of the main file covering it. */
export function dropInSlot(tree: ConfigTree, layout: SystemLayout): { file: string; position: number } | null {
  const file = path.posix.join(layout.dropInDir, DROP_IN_NAME);
  for (const inc of tree.includes) {
    if (inc.file !== layout.root || !inc.global) continue;
    if (path.posix.dirname(inc.pattern) !== layout.dropInDir) continue;
    if (!globToRegExp(path.posix.basename(inc.pattern)).test(DROP_IN_NAME)) continue;
    const own = inc.expansion.find((e) => e.file === file);
    if (own) return { file, position: own.firstOrder };
    const later = inc.expansion.find((e) => Buffer.compare(Buffer.from(e.file), Buffer.from(file)) > 0);
    return { file, position: later ? later.firstOrder : inc.endOrder };
  }
  return null;
}

function insertIntoMain(flavor: ConfigFlavor, text: string, line: string): string {
  if (flavor === 'sshd') return insertLines(text, globalInsertIndex(text, ['match']), [line]);
  // ssh_config: into the first `Host *` block that sits outside any other block, else a new one at the end.
  const lexed = lexText(text);
  const hostAll = lexed.findIndex((l) => l.kind === 'directive' && l.key === 'host' && l.args.length === 1 && l.args[0] === '*');
  if (hostAll !== -1) {
    const next = lexed.slice(hostAll + 1).find((l) => l.kind === 'directive');
    const indent = next && next.key !== 'host' && next.key !== 'match' ? next.indent : '    ';
    return insertLines(text, hostAll + 1, [indent + line]);
  }
  return insertLines(text, lexed.length, ['Host *', `    ${line}`]);
}

/** A TreeIo that sees the planned edits on top of the real files. */
function overlayIo(io: TreeIo, original: ConfigTree, work: Map<string, string | null>): TreeIo {
  return {
    async read(file) {
      if (!work.has(file)) return io.read(file);
      const text = work.get(file);
      return text === null || text === undefined ? { exists: false, text: '', hash: '' } : { exists: true, text, hash: '' };
    },
    async list(dir) {
      const names = new Set(original.listings.get(dir) ?? (await io.list(dir)));
      for (const [file, text] of work) {
        if (path.posix.dirname(file) !== dir) continue;
        if (text === null) names.delete(path.posix.basename(file));
        else names.add(path.posix.basename(file));
      }
      return [...names];
    },
  };
}

export type { TreeDirective };
