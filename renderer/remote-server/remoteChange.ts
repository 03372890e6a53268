import type { KeepaliveApi } from '../../common/contract/channels';
import { AppError, type ErrorCode } from '../../common/contract/errors';
import type { RemoteFailure, RemoteOutcome, RemotePlanAnswer } from '../../common/contract/remote-server';
import type { ServerChange } from '../../common/contract/system';
import { retryWithPassword, type AskSudoPassword, type ServerAnswer } from '../../common/remote-server/password-retry';
import type { ChangePreview, Notice } from '../ui/change';
import type { ChangeOps } from '../ui/useChangeFlow';

/** A change of one server's sshd: which server (through the Hosts view's config) and what. */
export interface RemoteRequest {
  host: string;
  change: ServerChange;
}
export interface RemoteApplyOptions {
  /** Reload sshd once `sshd -t` accepted the new config. */
  reload: boolean;
}
/** Where the panel hears of what the flow learnt: an administrator's lines, a write that happened. */
export interface RemoteSink {
  admin: (lines: string | null) => void;
  changed: () => void;
}

const CODES: Partial<Record<RemoteFailure, ErrorCode>> = {
  'needs-password': 'cancelled',
  'wrong-password': 'permission',
  'no-sudo': 'permission',
  'needs-tty': 'permission',
  unreadable: 'permission',
  changed: 'conflict',
  blocked: 'blocked',
  refused: 'invalid-input',
  invalid: 'invalid-input',
  'no-sshd': 'unsupported',
  'ssh-failed': 'io',
  timeout: 'io',
};
const codeOf = (failure: RemoteFailure | null): ErrorCode => (failure ? (CODES[failure] ?? 'internal') : 'internal');

export function remoteView(host: string, answer: RemotePlanAnswer): ChangePreview {
  const plan = answer.plan!;
  if (plan.kind === 'noop') return { kind: 'noop', summary: plan.summary, notes: plan.notes };
  return {
    kind: 'edit',
    summary: plan.summary,
    notes: plan.notes,
    files: plan.edits.map((e) => ({
      file: e.file,
      diff: e.diff,
      badges: [`on ${host}`, ...(e.action === 'create' ? ['new file (root, mode 644)'] : []), ...(e.action === 'delete' ? ['file removed'] : [])],
    })),
  };
}

/** An outcome as the notice says it; a failure also hands the administrator's lines to the panel. */
export function outcomeNotice(o: RemoteOutcome, sink: RemoteSink, undone = false): Notice {
  if (o.outcome === 'failed') {
    sink.admin(o.adminInstructions);
    return { kind: 'error', error: { code: codeOf(o.failure), message: o.message } };
  }
  sink.admin(null);
  if (o.outcome === 'nothing') return { kind: 'nothing', text: o.message };
  sink.changed();
  return { kind: undone ? 'undone' : 'applied', text: o.message };
}

/** One server through the retry: the answer for that server. */
async function one<T extends ServerAnswer>(host: string, call: (password?: string) => Promise<T>, ask: AskSudoPassword<ServerAnswer>): Promise<T> {
  const [answer] = await retryWithPassword([host], async (_hosts, password) => [await call(password)], ask);
  return answer!;
}

/**
 * remote-server:* in the change flow: the plan (the server's own diff) is the preview; Apply sends
 * back its state and digest, so the server writes exactly that or refuses (`changed`: the flow then
 * says the file changed and reads it again). sudo's password is asked only when sudo wants one.
 */
export function remoteOps(api: KeepaliveApi, configPath: string, ask: AskSudoPassword<ServerAnswer>, sink: RemoteSink): ChangeOps<RemoteRequest, RemotePlanAnswer, RemoteApplyOptions> {
  return {
    async preview({ host, change }) {
      const answer = await one(host, (password) => api.invoke('remote-server:plan', { configPath, host, change, ...(password ? { password } : {}) }), ask);
      if (!answer.plan) {
        sink.admin(answer.adminInstructions);
        throw new AppError(codeOf(answer.failure), answer.message);
      }
      sink.admin(null);
      return answer;
    },
    view: (answer) => remoteView(answer.host, answer),
    async apply({ request, preview }, _choice, { reload }) {
      const plan = preview.plan!;
      const o = await one(
        request.host,
        (password) => api.invoke('remote-server:apply', { configPath, host: request.host, change: request.change, state: plan.state, digest: plan.digest!, reload, ...(password ? { password } : {}) }),
        ask,
      );
      if (o.failure === 'changed') throw new AppError('conflict', o.message, { file: `${request.host}:/etc/ssh` });
      return outcomeNotice(o, sink);
    },
  };
}

/** Undo of the change the status showed (refused, and said, when a newer one was made since). */
export async function undoRemote(api: KeepaliveApi, configPath: string, host: string, entry: string, ask: AskSudoPassword<ServerAnswer>, sink: RemoteSink): Promise<Notice> {
  const o = await one(host, (password) => api.invoke('remote-server:undo', { configPath, host, entry, reload: true, ...(password ? { password } : {}) }), ask);
  return outcomeNotice(o, sink, true);
}
