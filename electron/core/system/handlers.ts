import { AppError, type ErrorCode } from '../../../common/contract/errors';
import type { ServerChange, ServerOutcome, SystemChange, SystemOutcome, SystemPreview } from '../../../common/contract/system';
import type { Handler } from '../kernel/dispatch';
import type { HandlerContext } from '../kernel/context';
import { callHelper } from './helper/launcher';
import { encodeChange } from './helper/request';
import type { HelperErrorCode, HelperResponse } from './helper/response';
import { systemLayout } from '../openssh/system-layout';
import { lineDiff } from '../openssh/line-diff';
import { reloadCommandHint } from './reload-hint';
import { fsTreeIo } from './fs-io';
import type { SystemTarget } from '../openssh/system-keywords';
import { PlanBlocked, planSystemChange, type KeywordChange } from '../openssh/system-plan';
import { serverStatus, systemClientStatus } from './status';
import { discardUndo } from './undo-state';

/**
 * The "This computer" channels: status and preview are computed here (as the user); apply and undo
 * go to the privileged helper as intents with the hashes the preview saw, and the helper plans the
 * same edit again from the bytes it re-reads as root.
 */
export type ServerChannel =
  | 'server:status'
  | 'server:preview'
  | 'server:apply'
  | 'server:undo'
  | 'server:discard-undo'
  | 'system:status'
  | 'system:preview'
  | 'system:apply'
  | 'system:undo'
  | 'system:discard-undo';

const DEFAULT_INTERVAL = 60;

export function serverChanges(req: ServerChange): KeywordChange[] {
  if (req.action === 'off') return [{ keyword: 'ClientAliveInterval', action: 'unset' }];
  const changes: KeywordChange[] = [{ keyword: 'ClientAliveInterval', action: 'set', value: req.interval ?? DEFAULT_INTERVAL }];
  if (req.countMax !== undefined) changes.push({ keyword: 'ClientAliveCountMax', action: 'set', value: req.countMax });
  return changes;
}

export function systemChanges(req: SystemChange): KeywordChange[] {
  if (req.action === 'off') return [{ keyword: 'ServerAliveInterval', action: 'unset' }];
  return [{ keyword: 'ServerAliveInterval', action: 'set', value: req.interval ?? DEFAULT_INTERVAL }];
}

function describe(c: KeywordChange): string {
  return c.action === 'set' ? `${c.keyword} ${String(c.value)}` : `remove ${c.keyword}`;
}

export async function previewSystemChange(target: SystemTarget, changes: KeywordChange[]): Promise<SystemPreview> {
  let plan;
  try {
    plan = await planSystemChange(target, systemLayout(target), fsTreeIo, changes);
  } catch (err) {
    if (err instanceof PlanBlocked) throw new AppError('blocked', err.message, { file: err.file, line: err.line });
    throw err;
  }
  const edits = plan.edits.map((e) => ({ file: e.file, created: e.created, deleted: e.after === null, diff: lineDiff(e.before, e.after ?? '') }));
  const what = changes.map(describe).join(', ');
  const where = plan.edits.map((e) => `${e.file}${e.created ? ' (new file)' : e.after === null ? ' (removed)' : ''}`).join(' and ');
  return {
    kind: edits.length ? 'edit' : 'noop',
    summary: edits.length ? `${what}: ${where}` : `Nothing to change: ${target} already says ${what}.`,
    notes: plan.notes,
    edits,
    seen: plan.inputs,
  };
}

const errorCodes: Record<HelperErrorCode, ErrorCode> = {
  refused: 'permission',
  conflict: 'conflict',
  'invalid-config': 'parse',
  unsupported: 'unsupported',
  io: 'io',
};

function outcomeMessage(r: Extract<HelperResponse, { ok: true }>, target: SystemTarget): string {
  if (r.changed.length === 0) return r.message;
  const parts = [r.op === 'undo' ? `Restored ${r.changed.map((c) => c.file).join(', ')}.` : `Written: ${r.changed.map((c) => c.file).join(', ')}.`];
  if (target === 'sshd_config') {
    parts.push(r.validated ? 'Checked with sshd -t.' : 'Not validated.');
    if (r.reload) parts.push(r.reload.message);
    else parts.push(`Restart needed: run "${reloadCommandHint()}" (sshd reads its config at reload).`);
    parts.push('Open sessions keep their settings; new connections get the new ones.');
  } else parts.push('Applies to new ssh connections of every user (a user\'s own ~/.ssh/config still comes first).');
  return parts.join(' ');
}

async function runHelper(target: SystemTarget, request: object) {
  const launched = await callHelper(request);
  if (launched.kind === 'cancelled') return { outcome: 'cancelled' as const, message: 'Cancelled, nothing changed.', changedFiles: [], validated: false, reload: null };
  const r = launched.response;
  if (!r.ok) throw new AppError(errorCodes[r.error.code] ?? 'internal', r.error.message, { file: r.error.file, line: r.error.line });
  return {
    outcome: r.changed.length ? ('applied' as const) : ('nothing' as const),
    message: outcomeMessage(r, target),
    changedFiles: r.changed.map((c) => c.file),
    validated: r.validated,
    reload: r.reload,
  };
}

export interface SystemDeps {
  /** The command line only: `server:status` may read the sshd_config its user named (--sshd-config). */
  anyPath?: boolean;
}

export function createServerHandlers(ctx: HandlerContext, deps: SystemDeps = {}): { [C in ServerChannel]: Handler<C> } {
  const opts = { platform: ctx.platform, stateDir: ctx.stateDir, homeDir: ctx.homeDir, localUser: ctx.localUser };
  const requireLinux = () => {
    if (ctx.platform !== 'linux') throw new AppError('unsupported', `Changing system SSH files is not supported on ${ctx.platform} yet.`);
  };
  return {
    'server:status': (req) => {
      // A page must not make sshd -T read (and quote in its errors) a file of its choosing.
      if (req.sshdConfigPath !== undefined && !deps.anyPath) throw new AppError('permission', 'Only the command line may read another sshd_config (--sshd-config).');
      return serverStatus(req.sshdConfigPath === undefined ? opts : { ...opts, sshdConfigPath: req.sshdConfigPath });
    },
    'server:preview': async (req) => {
      requireLinux();
      return previewSystemChange('sshd_config', serverChanges(req));
    },
    'server:apply': async (req): Promise<ServerOutcome> => {
      requireLinux();
      const changes = serverChanges(req);
      const result = await runHelper('sshd_config', { version: 1, op: 'apply', target: 'sshd_config', changes: changes.map(encodeChange), seen: req.seen, reload: req.reload });
      return { ...result, status: await serverStatus(opts) };
    },
    'server:undo': async (req): Promise<ServerOutcome> => {
      requireLinux();
      const result = await runHelper('sshd_config', { version: 1, op: 'undo', target: 'sshd_config', entry: req.entry, reload: req.reload });
      return { ...result, status: await serverStatus(opts) };
    },
    'server:discard-undo': async (req) => {
      if (!(await discardUndo('sshd_config', ctx.stateDir, req.entry))) throw new AppError('not-found', 'That change is not the newest one any more; nothing was discarded.');
      return serverStatus(opts);
    },
    'system:status': () => systemClientStatus(opts),
    'system:preview': async (req) => {
      requireLinux();
      return previewSystemChange('ssh_config', systemChanges(req));
    },
    'system:apply': async (req): Promise<SystemOutcome> => {
      requireLinux();
      const changes = systemChanges(req);
      const result = await runHelper('ssh_config', { version: 1, op: 'apply', target: 'ssh_config', changes: changes.map(encodeChange), seen: req.seen, reload: false });
      return { ...result, status: await systemClientStatus(opts) };
    },
    'system:undo': async (req): Promise<SystemOutcome> => {
      requireLinux();
      const result = await runHelper('ssh_config', { version: 1, op: 'undo', target: 'ssh_config', entry: req.entry, reload: false });
      return { ...result, status: await systemClientStatus(opts) };
    },
    'system:discard-undo': async (req) => {
      if (!(await discardUndo('ssh_config', ctx.stateDir, req.entry))) throw new AppError('not-found', 'That change is not the newest one any more; nothing was discarded.');
      return systemClientStatus(opts);
    },
  };
}
