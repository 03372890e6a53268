import { applyRemoteChange, failedOutcome, nothingOutcome, planRemoteChange, undoRemoteChange } from './change';
import type { RemoteChange } from './intent';
import { remoteServerStatus } from './status';
import type { SshTarget } from './transport';
import type { RemoteOptions, RemoteOutcome, RemotePlan } from './types';

/**
 * One change on many servers: each host is planned and applied on its own (a failure on one never
 * stops the others), a few at a time, with progress per host. Undo is per host too.
 */
export type FleetStep = 'queued' | 'planning' | 'applying' | 'undoing' | 'done';

export interface FleetProgress {
  host: string;
  step: FleetStep;
  /** The plan, once made (the diff each host gets). */
  plan?: RemotePlan;
  /** Set with step 'done'. */
  outcome?: RemoteOutcome;
}

export interface FleetOptions extends RemoteOptions {
  configPath?: string;
  reload: boolean;
  /** Hosts worked on at once (default 4). */
  concurrency?: number;
  onProgress?: (p: FleetProgress) => void;
  /** Called with each host's plan before it is applied; false skips the host (nothing changed). */
  confirm?: (plan: RemotePlan) => Promise<boolean>;
}

async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

function uniqueHosts(hosts: readonly string[]): string[] {
  return [...new Set(hosts)];
}

export interface FleetPlan {
  host: string;
  /** The diff this host would get; null when planning failed (`failed` says why, nothing changed). */
  plan: RemotePlan | null;
  failed: RemoteOutcome | null;
}

/** The plan of each host (the diffs to show before anything is written), in the order given. */
export async function planFleet(hosts: readonly string[], change: RemoteChange, opts: Omit<FleetOptions, 'reload' | 'confirm'>): Promise<FleetPlan[]> {
  const list = uniqueHosts(hosts);
  const results = new Map<string, FleetPlan>();
  for (const host of list) opts.onProgress?.({ host, step: 'queued' });
  await pool(list, opts.concurrency ?? 4, async (host) => {
    opts.onProgress?.({ host, step: 'planning' });
    let result: FleetPlan;
    try {
      result = { host, plan: await planRemoteChange({ host, configPath: opts.configPath }, change, opts), failed: null };
    } catch (err) {
      result = { host, plan: null, failed: failedOutcome(host, err) };
    }
    results.set(host, result);
    opts.onProgress?.(result.plan ? { host, step: 'done', plan: result.plan } : { host, step: 'done', outcome: result.failed! });
  });
  return list.map((h) => results.get(h)!);
}

/**
 * Each host's outcome of `work`, in the order the hosts were given: each one queued first and done
 * last; a host whose work throws gets its failure (the others go on).
 */
async function outcomeOnEach(hosts: readonly string[], opts: FleetOptions, work: (target: SshTarget) => Promise<RemoteOutcome>): Promise<RemoteOutcome[]> {
  const list = uniqueHosts(hosts);
  const results = new Map<string, RemoteOutcome>();
  for (const host of list) opts.onProgress?.({ host, step: 'queued' });
  await pool(list, opts.concurrency ?? 4, async (host) => {
    let outcome: RemoteOutcome;
    try {
      outcome = await work({ host, configPath: opts.configPath });
    } catch (err) {
      outcome = failedOutcome(host, err);
    }
    results.set(host, outcome);
    opts.onProgress?.({ host, step: 'done', outcome });
  });
  return list.map((h) => results.get(h)!);
}

/** Outcomes in the order the hosts were given. */
export function applyFleet(hosts: readonly string[], change: RemoteChange, opts: FleetOptions): Promise<RemoteOutcome[]> {
  return outcomeOnEach(hosts, opts, async (target) => {
    const { host } = target;
    opts.onProgress?.({ host, step: 'planning' });
    const plan = await planRemoteChange(target, change, opts);
    if (plan.kind === 'edit' && opts.confirm && !(await opts.confirm(plan))) return nothingOutcome(host, `${host}: skipped; nothing changed.`, false);
    opts.onProgress?.({ host, step: 'applying', plan });
    return applyRemoteChange(plan, opts);
  });
}

/** Undoes the last SSH Keepalive change on each host (found through its status). */
export function undoFleet(hosts: readonly string[], opts: FleetOptions): Promise<RemoteOutcome[]> {
  return outcomeOnEach(hosts, opts, async (target) => {
    opts.onProgress?.({ host: target.host, step: 'undoing' });
    const status = await remoteServerStatus(target, opts);
    return status.undo
      ? undoRemoteChange(target, status.undo.entry, { ...opts, loginIsRoot: status.loginUser === 'root' && status.readAs === 'login' })
      : nothingOutcome(target.host, `${target.host}: nothing to undo.`, false);
  });
}
