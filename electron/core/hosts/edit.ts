import { AppError } from '../../../common/contract/errors';
import type { ValueSource } from '../../../common/contract/hosts';
import { DEFAULT_INTERVAL, type BlockedReason, type KeepaliveTarget } from '../../../common/contract/keepalive';
import { spansOf, dominantEol, type LexedLine } from '../openssh/lexer';
import { findStarBlock, sampleHostFor, wildcardOnlyHost } from './hosts';
import { LineBuffer } from '../openssh/line-buffer';
import { loadModel, type ClientConfigModel, type Cond, type Directive, type HostBlock, type LoadOptions, type Scope } from '../openssh/ssh-config';
import { matchPattern } from '../openssh/patterns';
import { resolveHost, type ResolvedHost, type ResolveEnv } from '../openssh/resolve';

/**
 * Plans the smallest text edit that makes a host's keepalive what the user asked for: a pure
 * function of the parsed files (text in, text out). Every plan is checked by re-resolving the
 * candidate text: OpenSSH takes the FIRST value it obtains, so a line written where an earlier line
 * already decides would do nothing, and we never offer such a no-op.
 */
export interface EditInput {
  model: ClientConfigModel;
  loadOptions: LoadOptions;
  env: ResolveEnv;
  /** Files the user may edit (their own config tree, not the system file). */
  editable: (file: string) => boolean;
}

export interface KeepaliveRequest {
  target: KeepaliveTarget;
  action: 'on' | 'off';
  interval?: number | undefined;
  countMax?: number | undefined;
}

export interface FileChange {
  file: string;
  baseHash: string;
  before: string;
  after: string;
  created: boolean;
  encoding: 'utf8' | 'latin1';
  /** The new text already lexed: after the write, the model is rebuilt without lexing it again. */
  lines: () => LexedLine[];
  /** Old 0-based line index -> new index, or -1 for a line the edit replaced or removed. */
  lineMap: () => Int32Array;
}
export interface Change {
  summary: string;
  files: FileChange[];
  /**
   * Set when the change only touches lines inside one Host block whose patterns are all literal
   * names: then only hosts with those names can resolve differently (others just move lines).
   */
  localTo?: { file: string; hosts: string[] };
}
export type Plan =
  | { kind: 'edit'; change: Change }
  | { kind: 'noop'; summary: string }
  | { kind: 'blocked'; reason: BlockedReason; summary: string; decidedBy: ValueSource; alternatives: Alternative[] };
/** An edit offered when the direct one would do nothing (already verified to take effect). */
export interface Alternative {
  id: string;
  label: string;
  change: Change;
}

const KW_INTERVAL = 'ServerAliveInterval';
const KW_COUNT = 'ServerAliveCountMax';

export function planKeepalive(input: EditInput, req: KeepaliveRequest): Plan {
  const { model } = input;
  const error = model.issues.find((i) => i.severity === 'error');
  if (error) throw new AppError('parse', `Fix this first, OpenSSH rejects the config: ${error.message}`, { file: error.file, line: error.line });
  const desired = req.action === 'on' ? (req.interval ?? DEFAULT_INTERVAL) : 0;
  const countMax = req.action === 'on' ? req.countMax : undefined;
  const checkedFor = (sample: string): PlanCtx => ({ input, sample, desired, countMax });

  switch (req.target.kind) {
    case 'host':
      return planForName(checkedFor(req.target.name), req.target.name);
    case 'block': {
      const { file, line } = req.target;
      const block = model.hostBlocks.find((b) => b.file === file && b.line === line);
      if (!block) throw new AppError('not-found', `There is no Host block at ${file}:${line} any more; the file changed. Reload and try again.`, { file, line });
      return planForBlock(checkedFor(sampleHostFor(model, block)), { block, what: `Host ${block.patternText}`, newBlockPattern: block.patternText });
    }
    case 'all': {
      const block = findStarBlock(model);
      const target: BlockTarget = { block, what: 'all hosts (Host *)', newBlockPattern: block ? block.patternText : '*', appendStar: req.action === 'on' };
      return planForBlock(checkedFor(wildcardOnlyHost(model)), target);
    }
  }
}

/**
 * A host by name: the name itself is the host checked, in every user block that names it (such a
 * block may still not apply to it: a negated pattern, an earlier block deciding, an Include under a
 * block that does not match); else a new `Host <name>` block.
 */
function planForName(ctx: PlanCtx, name: string): Plan {
  let blocked: Plan | undefined;
  for (const b of ctx.input.model.hostBlocks) {
    if (!ctx.input.editable(b.file) || !b.patterns.some((p) => !p.negated && p.pattern === name)) continue;
    if (b.patterns.some((p) => p.negated && matchPattern(name, p.pattern))) continue; // never applies to it
    const plan = planForBlock(ctx, { block: b, what: `Host ${name}`, newBlockPattern: name });
    if (plan.kind !== 'blocked') return plan;
    // An earlier line decides for this block: explain it and offer the way out (never silently
    // write elsewhere). A block nothing is read from (no deciding line) is passed over.
    if (plan.decidedBy.kind === 'line') blocked ??= plan;
  }
  return blocked ?? planNewHostBlock(ctx, name);
}

/** What planForBlock edits, and how it names it. */
interface BlockTarget {
  /** The block to edit; undefined when the config has none (target "all" without a `Host *`). */
  block: HostBlock | undefined;
  /** The target in the user's words: "Host web", "all hosts (Host *)". */
  what: string;
  /** The patterns of the new block offered before the line that decides. */
  newBlockPattern: string;
  /** Without a block: a `Host *` may be appended to the root file (keepalive on for all hosts). */
  appendStar?: boolean;
}

/** Plans the change in `t.block` (or, without one, a new `Host *` block) as checked for host `ctx.sample`. */
function planForBlock(ctx: PlanCtx, t: BlockTarget): Plan {
  const now = resolveHost(ctx.input.model, ctx.sample, ctx.input.env);
  const noop = alreadySo(ctx, now, t.what);
  if (noop) return noop;
  const change = directChange(ctx, t, now.deciders.serveraliveinterval);
  if (change) return { kind: 'edit', change };
  return blockedPlan(ctx, now, t.what, {
    insertPattern: t.newBlockPattern,
    decided: (d, scope) =>
      `${KW_INTERVAL} for ${t.what} is decided by line ${d.line.lineNo} of ${d.file} (${describeScope(scope?.conds.at(-1))}: "${d.line.raw.trim()}"), which OpenSSH reads first; a line added to the block would do nothing.`,
  });
}

/** The block itself first; verify() says whether ssh would read it (a decider after the block is fine). */
function directChange(ctx: PlanCtx, t: BlockTarget, decider: Directive | undefined): Change | null {
  if (!t.block) return t.appendStar ? appendStarBlock(ctx) : null;
  return ctx.input.editable(t.block.file) ? directEdit(ctx, t.block, decider, t.what) : null;
}

/** The noop plan when the host already has the asked values, decided (a value a runtime condition could change is not). */
function alreadySo(ctx: PlanCtx, now: ResolvedHost, what: string): Plan | null {
  const v = now.values;
  if (v.serverAliveInterval.value !== ctx.desired || now.undecidedKeys.has('serveraliveinterval')) return null;
  if (ctx.countMax !== undefined && ctx.countMax !== v.serverAliveCountMax.value) return null;
  return { kind: 'noop', summary: ctx.desired === 0 ? `Keepalive for ${what} is already off.` : `Keepalive for ${what} is already every ${ctx.desired} s.` };
}

/**
 * The plan when no direct edit takes effect: why (the line that decides, worded by `decided`; a
 * runtime-only condition; or a block OpenSSH never applies to the host), and the alternatives that
 * do work, each verified: a `Host <insertPattern>` block read before the deciding block's header,
 * and changing the deciding line itself.
 */
function blockedPlan(
  ctx: PlanCtx,
  now: ResolvedHost,
  what: string,
  words: { insertPattern?: string; decided: (d: Directive, scope: Scope | undefined) => string },
): Plan {
  const { model, editable } = ctx.input;
  const d = now.deciders.serveraliveinterval;
  const scope = d ? model.scopes.find((s) => s.directives.includes(d)) : undefined;
  const header = scope?.conds[0];
  const alternatives: Alternative[] = [];
  if (header && words.insertPattern !== undefined && editable(header.file)) {
    const change = insertBlockBefore(ctx, header, words.insertPattern);
    if (change) {
      const at = insertionLine(model, header);
      const where = at === header.line ? `before line ${header.line}` : `above line ${header.line} (and the comment above it, from line ${at})`;
      alternatives.push({ id: 'insert-block-before', label: `Add a "Host ${words.insertPattern}" block with ${KW_INTERVAL} ${ctx.desired} ${where} of ${header.file}, so it is read first`, change });
    }
  }
  if (d && editable(d.file)) {
    const change = changeDecider(ctx, d);
    if (change) alternatives.push({ id: 'change-decider', label: `Change line ${d.line.lineNo} of ${d.file} to ${KW_INTERVAL} ${ctx.desired} (every host whose settings read that line gets it: ${readersOf(scope?.conds, d.file, model.roots[0]!.path)})`, change });
  }
  return {
    kind: 'blocked',
    reason: d ? 'decided-earlier' : now.undecidedReason ? 'runtime-condition' : 'never-applies',
    summary: d
      ? words.decided(d, scope)
      : now.undecidedReason
        ? `${KW_INTERVAL} for ${what} ${now.undecidedReason}, which the app never runs or guesses, so it cannot check that an edit would take effect.`
        : `A line in ${what} would do nothing: OpenSSH never applies this block to ${ctx.sample} (for example, it sits in an Include under a block that does not match).`,
    decidedBy: d ? { kind: 'line', file: d.file, line: d.line.lineNo } : { kind: 'default' },
    alternatives,
  };
}

interface PlanCtx {
  input: EditInput;
  /** The host the plan is checked for: resolved before the edit, and again on the candidate text. */
  sample: string;
  desired: number;
  countMax: number | undefined;
}

function currentInterval(ctx: PlanCtx): number {
  return resolveHost(ctx.input.model, ctx.sample, ctx.input.env).values.serverAliveInterval.value;
}

const everyOrOff = (seconds: number) => (seconds === 0 ? 'off' : `every ${seconds} s`);

/** Who reads a line of `file`: the headers it sits under, and anyone else including that file. */
function readersOf(conds: readonly Cond[] | undefined, file: string, root: string): string {
  const shared = file !== root ? `, and wherever else ${file} is included` : '';
  if (!conds || conds.length === 0) return `every host, unless an earlier line decides for it${shared}`;
  return `hosts matching ${conds.map((c) => describeScope(c)).join(' within ')}${shared}`;
}

function describeScope(cond: Cond | undefined): string {
  if (!cond) return 'the top of the file, before any Host line, which applies to every host';
  if (cond.kind === 'host') return `Host ${cond.patterns.map((p) => (p.negated ? '!' : '') + p.pattern).join(' ')}`;
  return `Match ${cond.criteria.map((c) => `${c.negate ? '!' : ''}${c.attr}${c.arg ? ' ' + c.arg : ''}`).join(' ')}`;
}

/** The lines of a block in its own file: from its Host line to the next Host/Match line. */
function blockRange(lines: readonly LexedLine[], hostIndex: number): { start: number; end: number } {
  let end = hostIndex + 1;
  while (end < lines.length) {
    const l = lines[end]!;
    if (l.kind === 'directive' && (l.key === 'host' || l.key === 'match')) break;
    end++;
  }
  return { start: hostIndex, end };
}

/** Indentation for a new line in a block: the block's own, else the file's usual, else two spaces. */
function indentFor(lines: readonly LexedLine[], range: { start: number; end: number }): string {
  for (let i = range.start + 1; i < range.end; i++) if (lines[i]!.kind === 'directive') return lines[i]!.indent;
  const counts = new Map<string, number>();
  let inside = false;
  for (const l of lines) {
    if (l.kind !== 'directive') continue;
    if (l.key === 'host' || l.key === 'match') inside = true;
    else if (inside) counts.set(l.indent, (counts.get(l.indent) ?? 0) + 1);
  }
  let best = '  ';
  let n = 0;
  for (const [indent, c] of counts) if (c > n) [best, n] = [indent, c];
  return best;
}

/** The separator between keyword and value the block already uses (`Key value`, `Key=value`...). */
function separatorFor(lines: readonly LexedLine[], range: { start: number; end: number }): string {
  for (let i = range.start + 1; i < range.end; i++) {
    const l = lines[i]!;
    const spans = l.kind === 'directive' ? spansOf(l) : undefined;
    if (spans?.argSpans[0]) {
      const sep = l.raw.slice(spans.keywordSpan.end, spans.argSpans[0].start);
      if (/^(?:[ \t]+|[ \t]*=[ \t]*)$/.test(sep)) return sep;
    }
  }
  return ' ';
}

class Edits {
  private buffers = new Map<string, LineBuffer>();
  constructor(private readonly input: EditInput) {}
  buffer(file: string): LineBuffer {
    let b = this.buffers.get(file);
    if (!b) {
      const f = this.input.model.files.get(file);
      const lines = f?.lines ?? [];
      b = new LineBuffer(file, lines, dominantEol(lines));
      this.buffers.set(file, b);
    }
    return b;
  }
  change(summary: string): Change {
    return {
      summary,
      files: [...this.buffers.values()].map((b) => {
        const f = this.input.model.files.get(b.file);
        return {
          file: b.file,
          baseHash: f?.hash ?? '',
          before: f?.text ?? '',
          after: b.text(),
          created: !f?.exists,
          encoding: f?.encoding ?? 'utf8',
          lines: () => b.lexed(),
          lineMap: () => {
            const old = f?.lines ?? [];
            const map = new Int32Array(old.length).fill(-1);
            const now = b.rawLines();
            for (let p = 0; p < now.length; p++) {
              const l = now[p]!;
              if (l.index < old.length && old[l.index] === l) map[l.index] = p;
            }
            return map;
          },
        };
      }),
    };
  }
  overlay() {
    return new Map([...this.buffers.values()].map((b) => [b.file, { text: '', lines: b.rawLines() }]));
  }
}

/** Re-resolves the candidate: the sample host must get exactly the asked values, with no new errors. */
function verify(ctx: PlanCtx, edits: Edits): boolean {
  const { model, loadOptions, env } = ctx.input;
  const candidate = loadModel(model.roots, { ...loadOptions, overlay: edits.overlay(), cache: model.files, checkPermissions: false, onlyHost: ctx.sample });
  if (candidate.issues.some((i) => i.severity === 'error')) return false;
  const r = resolveHost(candidate, ctx.sample, env);
  // A value a runtime-only Match (exec, canonical...) could still change is not a verified value.
  if (r.values.serverAliveInterval.value !== ctx.desired || r.undecidedKeys.has('serveraliveinterval')) return false;
  if (ctx.countMax !== undefined && (r.values.serverAliveCountMax.value !== ctx.countMax || r.undecidedKeys.has('serveralivecountmax'))) return false;
  return true;
}

function setValue(buf: LineBuffer, index: number, value: number) {
  const l = buf.at(index);
  const span = spansOf(l).argSpans[0]!;
  buf.replaceSpan(index, span.start, span.end, String(value));
}

/** Sets ServerAliveCountMax inside the block range, after the interval line or at the block's end. */
function setCountMax(buf: LineBuffer, hostIndex: number, value: number, indent: string, sep: string) {
  const lines = Array.from({ length: buf.length }, (_, i) => buf.at(i));
  const range = blockRange(lines, hostIndex);
  for (let i = range.start + 1; i < range.end; i++) {
    if (lines[i]!.kind === 'directive' && lines[i]!.key === 'serveralivecountmax') return setValue(buf, i, value);
  }
  buf.insert(lastDirective(lines, range) + 1, `${indent}${KW_COUNT}${sep}${value}`);
}

function lastDirective(lines: readonly LexedLine[], range: { start: number; end: number }): number {
  let last = range.start;
  for (let i = range.start + 1; i < range.end; i++) if (lines[i]!.kind === 'directive') last = i;
  return last;
}

function directEdit(ctx: PlanCtx, block: HostBlock, decider: Directive | undefined, what: string): Change | null {
  const lines = ctx.input.model.files.get(block.file)!.lines;
  const hostIndex = block.line - 1;
  const range = blockRange(lines, hostIndex);
  const indent = indentFor(lines, range);
  const sep = separatorFor(lines, range);
  const inRange = decider && decider.file === block.file && decider.line.index > range.start && decider.line.index < range.end;

  const literal = block.patterns.every((p) => p.negated || !/[*?]/.test(p.pattern)) && block.patterns.some((p) => !p.negated);
  const attempt = (build: (edits: Edits) => void, summary: string): Change | null => {
    const edits = new Edits(ctx.input);
    build(edits);
    if (!verify(ctx, edits)) return null;
    const change = edits.change(summary);
    // Every line written here is inside the block's range (see the builders below).
    if (literal) change.localTo = { file: block.file, hosts: block.patterns.filter((p) => !p.negated).map((p) => p.pattern) };
    return change;
  };
  const withCount = (buf: LineBuffer) => {
    if (ctx.countMax !== undefined) setCountMax(buf, hostIndex, ctx.countMax, indent, sep);
  };

  if (ctx.desired > 0) {
    let summary = `Keepalive for ${what}: every ${ctx.desired} s${ctx.countMax !== undefined ? `, disconnect after ${ctx.countMax} unanswered` : ''}.`;
    // A new line in a `Host *` read before other blocks wins over their own lines: say which.
    const starFirst = block.patterns.some((p) => !p.negated && p.pattern === '*') && !block.patterns.some((p) => p.negated);
    if (starFirst && !inRange) {
      const later = lines.slice(range.end).filter((l) => l.kind === 'directive' && l.key === 'serveraliveinterval').map((l) => l.lineNo);
      if (later.length) summary += ` ${block.patternText === '*' ? 'Host *' : `Host ${block.patternText}`} is read first, so the ServerAliveInterval at line${later.length > 1 ? 's' : ''} ${later.join(', ')} of ${block.file} will no longer apply.`;
    }
    return attempt((edits) => {
      const buf = edits.buffer(block.file);
      if (inRange) setValue(buf, decider.line.index, ctx.desired);
      else if (currentInterval(ctx) !== ctx.desired) buf.insert(lastDirective(lines, range) + 1, `${indent}${KW_INTERVAL}${sep}${ctx.desired}`);
      // else: the interval is already right (decided elsewhere); only the count max goes here.
      withCount(buf);
    }, summary);
  }
  // Off: delete the block's interval lines when nothing later turns it back on, else write 0.
  const summary = `Keepalive for ${what}: off.`;
  const removed = attempt((edits) => {
    const buf = edits.buffer(block.file);
    for (let i = range.end - 1; i > range.start; i--) {
      const l = lines[i]!;
      if (l.kind === 'directive' && l.key === 'serveraliveinterval') buf.remove(i);
    }
  }, summary);
  if (removed) return removed;
  return attempt((edits) => {
    const buf = edits.buffer(block.file);
    if (inRange) setValue(buf, decider.line.index, 0);
    else buf.insert(lastDirective(lines, range) + 1, `${indent}${KW_INTERVAL}${sep}0`);
  }, summary);
}

/** New lines for a block: `Host <pattern>` + the keepalive line(s), in the file's style. */
function newBlockLines(ctx: PlanCtx, lines: readonly LexedLine[], pattern: string): string[] {
  const indent = indentFor(lines, { start: 0, end: 0 });
  const out = [`Host ${pattern}`, `${indent}${KW_INTERVAL} ${ctx.desired}`];
  if (ctx.countMax !== undefined) out.push(`${indent}${KW_COUNT} ${ctx.countMax}`);
  return out;
}

/** `Host *` at the end of the root file (specific blocks first, as ssh_config(5) advises). */
function appendStarBlock(ctx: PlanCtx): Change | null {
  const change = appendBlock(ctx, '*');
  if (change) change.summary = change.summary.replace('Host *', 'all hosts (Host *)');
  return change;
}

/** 1-based line a new block goes to: before `header`, and before the comment lines directly above it. */
function insertionLine(model: ClientConfigModel, header: Cond): number {
  const lines = model.files.get(header.file)!.lines;
  let at = header.line - 1;
  while (at > 0 && lines[at - 1]!.kind === 'comment') at--;
  return at + 1;
}

/** A new block before the header that decides, and before the comment lines directly above it. */
function insertBlockBefore(ctx: PlanCtx, header: Cond, pattern: string): Change | null {
  const edits = new Edits(ctx.input);
  const buf = edits.buffer(header.file);
  const lines = ctx.input.model.files.get(header.file)!.lines;
  const at = insertionLine(ctx.input.model, header) - 1;
  const block = [...newBlockLines(ctx, lines, pattern), ''];
  block.forEach((l, i) => buf.insert(at + i, l));
  return verify(ctx, edits) ? edits.change(`Keepalive for Host ${pattern}: ${everyOrOff(ctx.desired)}, in a new block read before line ${header.line}.`) : null;
}

function changeDecider(ctx: PlanCtx, d: Directive): Change | null {
  const edits = new Edits(ctx.input);
  setValue(edits.buffer(d.file), d.line.index, ctx.desired);
  return verify(ctx, edits) ? edits.change(`${KW_INTERVAL} ${ctx.desired} at line ${d.line.lineNo} of ${d.file}.`) : null;
}

/**
 * A host no block names yet: a new `Host <name>` block, read before whatever decides its value
 * now, else before the first wildcard block that matches it, else at the end of the root file.
 * A line of the system-wide file decides nothing here: ssh reads it after all of the user's files.
 */
function planNewHostBlock(ctx: PlanCtx, name: string): Plan {
  const { model, env } = ctx.input;
  const now = resolveHost(model, name, env);
  const noop = alreadySo(ctx, now, `Host ${name}`);
  if (noop) return noop;
  const root = model.roots[0]!.path;
  const d = now.deciders.serveraliveinterval;
  const userDecides = d !== undefined && ctx.input.editable(d.file);
  const header = userDecides ? model.scopes.find((s) => s.directives.includes(d))?.conds[0] : undefined;
  if (!userDecides || (header && ctx.input.editable(header.file))) {
    let before: Cond | undefined = header;
    if (!before) {
      const wildcard = model.hostBlocks.find((b) => b.file === root && b.patterns.some((p) => !p.negated && /[*?]/.test(p.pattern)));
      if (wildcard) before = { kind: 'host', file: root, line: wildcard.line, patterns: wildcard.patterns };
    }
    const change = before ? insertBlockBefore(ctx, before, name) : appendBlock(ctx, name);
    if (change) return { kind: 'edit', change };
  }
  // The new block was tried above: the one way left is the deciding line.
  return blockedPlan(ctx, now, `Host ${name}`, {
    decided: (dl) => `${KW_INTERVAL} for ${name} is decided by line ${dl.line.lineNo} of ${dl.file} ("${dl.line.raw.trim()}"), which OpenSSH reads first, before any Host block the app could add.`,
  });
}

function appendBlock(ctx: PlanCtx, pattern: string): Change | null {
  const root = ctx.input.model.roots[0]!.path;
  const edits = new Edits(ctx.input);
  const buf = edits.buffer(root);
  const lines = ctx.input.model.files.get(root)?.lines ?? [];
  if (buf.length > 0 && buf.at(buf.length - 1).kind !== 'blank') buf.insert(buf.length, '');
  for (const l of newBlockLines(ctx, lines, pattern)) buf.insert(buf.length, l);
  if (!verify(ctx, edits)) return null;
  const created = !ctx.input.model.files.get(root)?.exists;
  return edits.change(`Keepalive for Host ${pattern}: ${everyOrOff(ctx.desired)}${created ? ` (creates ${root})` : ''}.`);
}
