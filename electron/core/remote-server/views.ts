import type { ErrorCode } from '../../../common/contract/errors';
import { AppError } from '../../../common/contract/errors';
import type { RemotePlan as PlanView, RemotePlanAnswer } from '../../../common/contract/remote-server';
import { failedOutcome } from './change';
import { changeLines, type RemoteChange } from './intent';
import { RemoteServerError, type RemoteFailure, type RemoteOutcome, type RemotePlan } from './types';

/**
 * The core's plans, outcomes and errors as the contract carries them: a plan without the full file
 * texts (the diff says what changes), an error as an AppError with a code the page can act on.
 * Nothing here ever sees a password.
 */

/** "set ClientAliveInterval 30, ClientAliveCountMax 3" / "remove ClientAliveInterval" */
export function changeText(change: RemoteChange): string {
  const lines = changeLines(change);
  if (lines[0]?.startsWith('unset ')) return `remove ${lines[0].slice(6)} (sshd's default, 0 = off)`;
  return `set ${lines.map((l) => l.slice(4)).join(', ')}`;
}

export function planSummary(plan: RemotePlan): string {
  const host = plan.target.host;
  if (plan.kind === 'noop') return `Nothing to change on ${host}: its sshd already has that (${changeText(plan.change)}).`;
  const files = plan.edits.map((e) => `${e.file}${e.action === 'create' ? ' (new)' : e.action === 'delete' ? ' (removed)' : ''}`).join(', ');
  const how = plan.loginIsRoot ? 'as root (your login)' : 'through sudo';
  return `On ${host}: ${changeText(plan.change)} in ${files}, written ${how}, checked with sshd -t first.`;
}

export function planView(plan: RemotePlan): PlanView {
  return {
    kind: plan.kind,
    layout: plan.layout,
    state: plan.state,
    digest: plan.digest,
    edits: plan.edits.map((e) => ({ file: e.file, action: e.action, diff: e.diff })),
    notes: plan.notes,
    readAs: plan.readAs,
    loginIsRoot: plan.loginIsRoot,
    summary: planSummary(plan),
    adminInstructions: plan.adminInstructions,
  };
}

export function planAnswer(host: string, plan: RemotePlan): RemotePlanAnswer {
  const view = planView(plan);
  return { host, plan: view, failure: null, message: view.summary, adminInstructions: null };
}

/** A failed plan, as the page sees it: why, and (no sudo) the lines for an administrator. */
export function failedPlan(host: string, err: unknown): RemotePlanAnswer {
  const o = failedOutcome(host, err);
  return failedPlanOf(o);
}

export function failedPlanOf(o: RemoteOutcome): RemotePlanAnswer {
  return { host: o.host, plan: null, failure: o.failure ?? 'failed', message: o.message, adminInstructions: o.adminInstructions };
}

const CODES: Record<RemoteFailure, ErrorCode> = {
  'needs-password': 'permission',
  'wrong-password': 'permission',
  'no-sudo': 'permission',
  'needs-tty': 'permission',
  changed: 'conflict',
  refused: 'invalid-input',
  blocked: 'blocked',
  invalid: 'invalid-input',
  unreadable: 'permission',
  'no-sshd': 'unsupported',
  'ssh-failed': 'io',
  timeout: 'io',
  failed: 'internal',
};

/** Status has no outcome to carry a failure: it throws, with a code and the server's words. */
export function appErrorOf(err: unknown): unknown {
  if (err instanceof RemoteServerError) return new AppError(CODES[err.failure], err.message);
  return err;
}
