import type { KeepaliveApi } from '../../common/contract/channels';
import type { EnableKeepaliveResult, KeepalivePreviewResult, SessionSource } from '../../common/contract/sessions';
import { formatInterval } from '../../common/format/duration';
import { takesEffectText } from '../../common/format/takes-effect';
import { listNames } from '../../common/nat/summary';
import type { ChangePreview, Notice } from '../ui/change';
import type { ChangeOps } from '../ui/useChangeFlow';

/** "Turn keepalive on" for sessions of one place: which, and how often. */
export interface SessionsKeepaliveRequest {
  source: SessionSource;
  sessions: string[];
  interval: number;
}

/**
 * The one change dialog's view of it: every session it changes as its own diff ("web1 · file"),
 * when the change applies (once imported on Windows, …), and the sessions that need nothing.
 */
export function sessionsKeepaliveView(p: KeepalivePreviewResult): ChangePreview {
  const { interval } = p;
  const skip = p.unchanged.length ? [`Already every ${formatInterval(interval)}, nothing to write: ${listNames(p.unchanged)}.`] : [];
  if (p.changes.length === 0) return { kind: 'noop', summary: `Every chosen session already sends keepalive every ${formatInterval(interval)}: nothing to write.`, notes: [] };
  const count = `${p.changes.length} session${p.changes.length === 1 ? '' : 's'}`;
  return {
    kind: 'edit',
    summary: `Keepalive every ${formatInterval(interval)} in ${count} of ${p.location}: only these lines change, nothing is written before you apply.`,
    notes: [
      ...(p.inCopy ? [`The change is made in the app's copy of ${p.location}: download it afterwards and use it in place of the original.`] : []),
      takesEffectText(p.takesEffect, p.location),
      ...skip,
    ],
    files: p.changes.map((c) => ({ file: `${c.session} · ${c.file}`, diff: c.diff, badges: [c.tool === 'putty' ? 'PuTTY' : 'WinSCP'] })),
  };
}

/**
 * putty:previewKeepalive then putty:enableKeepalive in the change flow. Apply holds to the files
 * the preview read (a file changed since is refused: conflict); `done` hands the answer to the
 * view (its list, its Undo and Download).
 */
export function sessionsKeepaliveOps(
  api: KeepaliveApi,
  done: (r: EnableKeepaliveResult, source: SessionSource) => void,
): ChangeOps<SessionsKeepaliveRequest, KeepalivePreviewResult> {
  return {
    preview: (r) => api.invoke('putty:previewKeepalive', r),
    view: sessionsKeepaliveView,
    async apply(pending): Promise<Notice> {
      const r = await api.invoke('putty:enableKeepalive', { ...pending.request, expect: pending.preview.files });
      done(r, pending.request.source);
      return { kind: 'applied', text: r.message };
    },
  };
}
