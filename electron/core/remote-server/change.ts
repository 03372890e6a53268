import { lineDiff } from '../openssh/line-diff';
import { adminInstructions } from './admin';
import { applyIntent, planIntent, undoIntent, type RemoteChange } from './intent';
import { value, values, type ProgramOutput } from './output';
import { checked, programError, runAsRoot } from './privilege';
import { runProgram, type SshTarget } from './transport';
import { RemoteServerError, type RemoteFileEdit, type RemoteOptions, type RemoteOutcome, type RemotePlan, type RemoteReload } from './types';

/**
 * Server keepalive on a remote host: plan (the diff, before anything is written), apply (exactly
 * that plan: the program refuses when the config or its own plan differs), undo (the last backup).
 * Every function says what happened in a RemoteOutcome, or throws a RemoteServerError that names the
 * host, the reason and that nothing changed.
 */

const HEX64 = /^[0-9a-f]{64}$/;

function text(out: ProgramOutput, label: string): string {
  const b = out.blocks.get(label);
  if (!b) throw new Error(`the server's answer lacks ${label}`);
  return b.toString('utf8');
}

function parsePlan(target: SshTarget, change: RemoteChange, out: ProgramOutput, readAs: 'login' | 'sudo'): RemotePlan {
  const host = target.host;
  if (out.malformed) throw new RemoteServerError(host, 'failed', `${host} sent a plan that does not parse`);
  const layout = value(out, 'plan layout');
  const state = value(out, 'plan state') ?? '';
  const uid = value(out, 'plan uid');
  if ((layout !== 'dropin' && layout !== 'main') || !HEX64.test(state) || uid === undefined) {
    throw new RemoteServerError(host, 'failed', `${host} sent an incomplete plan`);
  }
  const noop = out.lines.includes('plan noop');
  const digest = noop ? null : (value(out, 'plan digest') ?? '');
  if (digest !== null && !HEX64.test(digest)) throw new RemoteServerError(host, 'failed', `${host} sent a plan without a digest`);
  const edits: RemoteFileEdit[] = values(out, 'edit').map((l) => {
    const sp = l.indexOf(' ');
    const action = l.slice(0, sp);
    const file = l.slice(sp + 1);
    if (action !== 'modify' && action !== 'create' && action !== 'delete') throw new RemoteServerError(host, 'failed', `${host} sent an unknown edit`);
    const before = action === 'create' ? '' : text(out, `before ${file}`);
    const after = action === 'delete' ? null : text(out, `after ${file}`);
    return { file, action, before, after, diff: lineDiff(before, after ?? '') };
  });
  const notes = values(out, 'note');
  const plan: RemotePlan = {
    target,
    change,
    kind: noop ? 'noop' : 'edit',
    layout,
    state,
    digest,
    edits,
    notes,
    readAs,
    loginIsRoot: readAs === 'login' && uid === '0',
    adminInstructions: '',
  };
  plan.adminInstructions = adminInstructions(host, change, edits);
  return plan;
}

/**
 * The diff of a change, computed on the server by the program itself (the same code that writes).
 * Read as the login user where the files are readable; else through sudo (asking for the password
 * only if sudo needs one).
 */
export async function planRemoteChange(target: SshTarget, change: RemoteChange, opts: RemoteOptions = {}): Promise<RemotePlan> {
  const intent = planIntent(change);
  const asUser = checked(target, await runProgram(target, intent, 'login', opts));
  if (!asUser.output.error) return parsePlan(target, change, asUser.output, 'login');
  if (asUser.output.error.code !== 'unreadable') {
    throw programError(target.host, asUser.output.error.code, asUser.output.error.message, adminInstructions(target.host, change, null));
  }
  const asRoot = await runAsRoot(target, intent, opts, false, () => adminInstructions(target.host, change, null));
  if (asRoot.output.error) throw programError(target.host, asRoot.output.error.code, asRoot.output.error.message);
  return parsePlan(target, change, asRoot.output, 'sudo');
}

function reloadOf(out: ProgramOutput): RemoteReload | null {
  const r = value(out, 'reload');
  if (r === undefined || r === 'skipped') return null;
  const [state, ...rest] = r.split(' ');
  const detail = rest.join(' ');
  if (state === 'done') return { done: true, command: detail, message: `sshd reloaded (${detail}).` };
  return { done: false, command: 'systemctl reload ssh', message: detail.charAt(0).toUpperCase() + detail.slice(1) + '.' };
}

/** Writes exactly the plan the user saw (as root: the login, or sudo). */
export async function applyRemoteChange(plan: RemotePlan, opts: RemoteOptions & { reload: boolean }): Promise<RemoteOutcome> {
  const host = plan.target.host;
  if (plan.kind === 'noop' || plan.digest === null) {
    return nothingOutcome(host, `${host}: nothing to change.`, true);
  }
  try {
    const run = await runAsRoot(plan.target, applyIntent(plan.change, plan.state, plan.digest, opts.reload), opts, plan.loginIsRoot, () => plan.adminInstructions);
    const out = run.output;
    if (out.error) throw programError(host, out.error.code, out.error.message);
    if (out.lines.includes('result nothing')) {
      return nothingOutcome(host, `${host}: nothing to change.`, true);
    }
    if (!out.lines.includes('result applied')) throw new RemoteServerError(host, 'failed', `${host} did not confirm the change`);
    const reload = reloadOf(out);
    const changedFiles = values(out, 'changed').map((l) => l.slice(l.indexOf(' ') + 1));
    const reloadText = reload ? ` ${reload.message}` : ' Not reloaded: new sessions get the new value once sshd is reloaded.';
    return {
      host,
      outcome: 'applied',
      failure: null,
      message: `${host}: ${changedFiles.join(', ')} changed; sshd -t accepted it.${reloadText}`,
      changedFiles,
      validated: true,
      reload,
      backup: value(out, 'backup') ?? null,
      adminInstructions: null,
    };
  } catch (err) {
    return failedOutcome(host, err);
  }
}

/** Restores the backup `entry` (the latest change SSH Keepalive made there). */
export async function undoRemoteChange(target: SshTarget, entry: string, opts: RemoteOptions & { reload: boolean; loginIsRoot?: boolean }): Promise<RemoteOutcome> {
  const host = target.host;
  try {
    const run = await runAsRoot(target, undoIntent(entry, opts.reload), opts, opts.loginIsRoot ?? false, () => `Please restore the files SSH Keepalive backed up in /var/lib/ssh-keepalive/remote-sshd/${entry} on ${host} (see its manifest), then run: sshd -t && (systemctl reload ssh || systemctl reload sshd)`);
    const out = run.output;
    if (out.error) throw programError(host, out.error.code, out.error.message);
    if (!out.lines.includes('result undone')) throw new RemoteServerError(host, 'failed', `${host} did not confirm the undo`);
    const reload = reloadOf(out);
    const changedFiles = values(out, 'changed').map((l) => l.slice(l.indexOf(' ') + 1));
    return { host, outcome: 'undone', failure: null, message: `${host}: ${changedFiles.join(', ')} restored.${reload ? ` ${reload.message}` : ''}`, changedFiles, validated: true, reload, backup: null, adminInstructions: null };
  } catch (err) {
    return failedOutcome(host, err);
  }
}

/** A host where nothing was written (`validated`: its sshd accepted the config as it is). */
export function nothingOutcome(host: string, message: string, validated: boolean): RemoteOutcome {
  return { host, outcome: 'nothing', failure: null, message, changedFiles: [], validated, reload: null, backup: null, adminInstructions: null };
}

export function failedOutcome(host: string, err: unknown): RemoteOutcome {
  if (err instanceof RemoteServerError) {
    const said = /nothing (was )?(changed|undone)|previous files are back|as they were/i.test(err.message);
    const nothing = said || err.failure === 'timeout' ? '' : ' Nothing changed.';
    return { host, outcome: 'failed', failure: err.failure, message: err.message + nothing, changedFiles: [], validated: false, reload: null, backup: null, adminInstructions: err.adminInstructions };
  }
  return { host, outcome: 'failed', failure: 'failed', message: `${host}: ${(err as Error).message}`, changedFiles: [], validated: false, reload: null, backup: null, adminInstructions: null };
}
