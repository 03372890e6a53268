import type { HostRow } from '../../../common/contract/hosts';
import { DEFAULT_NAT_TIMEOUT } from '../../../common/contract/keepalive';
import { formatInterval } from '../../../common/format/duration';
import { formatSource } from '../../../common/format/source';
import { listNames } from '../../../common/nat/summary';
import { loadModel } from '../openssh/ssh-config';
import type { Change, EditInput } from './edit';
import { hostRows } from './hosts';

const MAX_NAMES = 8;

/** `Host *` itself (and `Host * !x`): the block the change edits, not a host it fixes. */
const isAllHosts = (pattern: string) => {
  const positive = pattern.split(/\s+/).filter((p) => p && !p.startsWith('!'));
  return positive.length === 1 && positive[0] === '*';
};

/** One key per Host block that survives the edit (a new `Host *` block shifts ids, not patterns). */
function keyed(rows: HostRow[]): Map<string, HostRow> {
  const seen = new Map<string, number>();
  const out = new Map<string, HostRow>();
  for (const r of rows) {
    const base = `${r.file}\n${r.pattern}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.set(`${base}\n${n}`, r);
  }
  return out;
}

/**
 * What keepalive for all hosts will and will not fix, said before anything is written: the change
 * is resolved for every host (as ssh -G would after it), so a host an earlier line decides, or one
 * a runtime Match may decide, is named with why instead of being counted as fixed.
 */
export function allHostsNotes(input: EditInput, change: Change, interval: number, configPath: string): string[] {
  const overlay = new Map(change.files.map((f) => [f.file, { text: f.after, lines: f.lines() }]));
  const after = keyed(hostRows(loadModel(input.model.roots, { ...input.loadOptions, overlay, cache: input.model.files }), input.env, DEFAULT_NAT_TIMEOUT));
  const gets: string[] = [];
  const keeps: string[] = [];
  const depends: string[] = [];
  let reason = '';
  for (const [key, b] of keyed(hostRows(input.model, input.env, DEFAULT_NAT_TIMEOUT))) {
    const a = after.get(key);
    if (!a || isAllHosts(b.pattern)) continue;
    const was = b.values.serverAliveInterval.value;
    const now = a.values.serverAliveInterval.value;
    if (!a.decided) {
      depends.push(b.pattern);
      reason ||= a.undecidedReason ?? '';
    } else if (now !== was) gets.push(b.pattern);
    else if ((was === 0 || was > interval) && !(a.verdict.protected && a.verdict.facts?.kind === 'keepalive' && a.verdict.facts.via)) {
      keeps.push(`${b.pattern} (${was ? `every ${formatInterval(was)}` : 'off'}, ${formatSource(a.values.serverAliveInterval.source, configPath)})`);
    }
  }
  const notes: string[] = [];
  const every = `every ${formatInterval(interval)}`;
  if (gets.length) notes.push(`Gets keepalive ${every}: ${listNames(gets, MAX_NAMES)}.`);
  if (keeps.length) {
    notes.push(
      `Not fixed by this: ${listNames(keeps, MAX_NAMES)} ${keeps.length === 1 ? 'keeps its own value' : 'keep their own values'}, because an earlier line decides (ssh takes the first value it reads). Use ${keeps.length === 1 ? 'its' : 'each one’s'} “Keep alive ${every}” button to change that line.`,
    );
  }
  if (depends.length) {
    // "Match at /home/me/.ssh/config:58" -> "Match at config:58", as the view names files.
    const dir = configPath.slice(0, Math.max(configPath.lastIndexOf('/'), configPath.lastIndexOf('\\')) + 1);
    const why = reason.replace(/^depends on runtime conditions: /, '').split(dir || '\0').join('');
    notes.push(`May not be fixed: ${listNames(depends, MAX_NAMES)} ${depends.length === 1 ? 'depends' : 'depend'} on a Match that ssh evaluates when it connects${why ? ` (${why})` : ''}.`);
  }
  if (!gets.length && !keeps.length && !depends.length) notes.push(`No host listed in the config changes: the new value applies to hosts only Host * matches.`);
  return notes;
}
