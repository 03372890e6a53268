import type { CauseId } from './cause-ids';
import { explainedCause } from './cause-text';
import { cleanLine, MESSAGE_PATTERNS, type MessagePattern } from './messages';
import type { ExplainResult, MessageMatch } from './schema';

export interface ExplainOptions {
  /** ssh's exit status when known: 255 = ended by ssh or the server, 0 = the remote shell exited. */
  exitStatus?: number | null;
}

/** Longest text looked at: a pasted terminal scrollback is cut, not refused. */
const MAX_TEXT = 64 * 1024;
const MAX_LINES = 2000;

/**
 * "What did the terminal say?": recognises every line of `text` that tells why a session ended and
 * answers the causes, most likely first (the strongest line decides; "Connection to H closed."
 * only adds what nothing stronger said). Nothing recognised: [unknown].
 */
export function explainMessage(text: string, opts: ExplainOptions = {}): ExplainResult {
  const lines = text.slice(0, MAX_TEXT).split(/\r?\n|\r/).slice(0, MAX_LINES).map(cleanLine).filter(Boolean);
  const found: Array<{ pattern: MessagePattern; line: string; order: number }> = [];
  lines.forEach((line, order) => {
    for (const pattern of MESSAGE_PATTERNS) {
      if (pattern.re.test(line)) {
        found.push({ pattern, line, order });
        break;
      }
    }
  });
  const strongest = Math.max(0, ...found.map((f) => f.pattern.weight));
  const ranked = [...found].sort((a, b) => b.pattern.weight - a.pattern.weight || a.order - b.order);
  const ids: CauseId[] = [];
  const add = (id: CauseId) => ids.includes(id) || ids.push(id);
  for (const f of ranked) {
    if (f.pattern.weight < strongest && f.pattern.weight === 1) continue;
    causesOf(f.pattern, opts).forEach(add);
  }
  if (!ids.length) add('unknown');
  const matches: MessageMatch[] = found.map((f) => ({ line: f.line, key: f.pattern.key, printedBy: f.pattern.printedBy, note: f.pattern.note }));
  return { matches, causes: ids.map(explainedCause) };
}

/** The exit status settles "Connection to H closed.": 255 sshd closed it, 0 the shell exited. */
function causesOf(pattern: MessagePattern, opts: ExplainOptions): CauseId[] {
  if (pattern.key !== 'connection-closed' || opts.exitStatus === undefined || opts.exitStatus === null) return pattern.causes;
  if (opts.exitStatus === 255) return ['sshd-channel-timeout'];
  if (opts.exitStatus === 0) return ['shell-tmout'];
  return pattern.causes;
}
