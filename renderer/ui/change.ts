import type { AppErrorData } from '../../common/contract/errors';
import type { ValueSource } from '../../common/contract/hosts';
import type { BlockedReason, DiffLine } from '../../common/contract/keepalive';

/** One file's lines as a change will write them, with what is special about the file. */
export interface FileDiff {
  file: string;
  diff: readonly DiffLine[];
  /** "new file (mode 600)", "file removed", … */
  badges: readonly string[];
}

/** An edit offered instead of one that would do nothing (an earlier line decides the value). */
export interface ChangeChoice {
  id: string;
  label: string;
  files: FileDiff[];
}

/** What the change dialog shows, whatever the feature: user config, system files. */
export type ChangePreview =
  | { kind: 'edit'; summary: string; notes: readonly string[]; files: FileDiff[] }
  | { kind: 'noop'; summary: string; notes: readonly string[] }
  | { kind: 'blocked'; reason: BlockedReason; summary: string; decidedBy: ValueSource; choices: ChangeChoice[] };

/** A change waiting in the dialog: the request it was previewed for, and the feature's own preview. */
export interface PendingChange<R, P> {
  request: R;
  /** "Turn keepalive on for web1 web2 (every 60 s)" */
  title: string;
  preview: P;
  view: ChangePreview;
}

/** The outcome of the last change, as the notice bar shows it. */
export type Notice =
  | { kind: 'applied' | 'undone' | 'cancelled' | 'nothing'; text: string }
  | { kind: 'conflict'; error: AppErrorData }
  | { kind: 'error'; error: AppErrorData };

export const APPLIES_TO_NEW = 'Applies to new connections; open sessions keep their settings until they reconnect.';

/** The diffs an Apply writes: the edit's, or the chosen alternative's. */
export function filesOf(view: ChangePreview, choice: string | undefined): FileDiff[] {
  if (view.kind === 'edit') return view.files;
  if (view.kind === 'blocked') return view.choices.find((c) => c.id === choice)?.files ?? [];
  return [];
}
