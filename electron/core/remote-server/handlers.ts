import type { AnsibleOutput, FleetProgress as ProgressEvent } from '../../../common/contract/remote-server';
import type { HandlerContext } from '../kernel/context';
import type { Handlers } from '../kernel/dispatch';
import { sshConfigFile } from '../kernel/ssh-config';
import { createAnsibleHandlers } from './ansible-handlers';
import { applyRemoteChange, failedOutcome, planRemoteChange, undoRemoteChange } from './change';
import { applyFleet, planFleet, undoFleet, type FleetProgress } from './fleet';
import { remoteServerStatus } from './status';
import type { SshTarget, TransportOptions } from './transport';
import type { AskPassword, RemoteOutcome } from './types';
import { appErrorOf, failedPlan, failedPlanOf, planAnswer } from './views';

export interface RemoteServerDeps {
  /** The command line only: its user typed the config path and the export folder (see kernel/ssh-config.ts). */
  anyPath?: boolean;
  /** Pushes `remote-server:progress` (the shell wires its event channel here). */
  emitProgress?: (progress: ProgressEvent) => void;
  /** Pushes `remote-server:ansible-output`. */
  emitAnsible?: (output: AnsibleOutput) => void;
  /**
   * Tests and the servers lab: argv before ssh and ansible-playbook (`ip netns exec NS`), their
   * environment, the time limit. Never from a request: a page cannot choose what runs.
   */
  transport?: Pick<TransportOptions, 'prefix' | 'env' | 'timeoutMs'>;
  /** Servers worked on at once in a fleet (default 4). */
  concurrency?: number;
}

type RemoteServerHandlers = Pick<
  Handlers,
  | 'remote-server:status'
  | 'remote-server:plan'
  | 'remote-server:apply'
  | 'remote-server:undo'
  | 'remote-server:fleet-plan'
  | 'remote-server:fleet-apply'
  | 'remote-server:fleet-undo'
  | 'remote-server:ansible-export'
  | 'remote-server:ansible-run'
>;

/**
 * The sudo password of one request, given to sudo only when it asks (after `sudo -n` said a password
 * is needed), and forgotten with the request. No password: the answer is `needs-password`.
 */
const passwordOf = (password: string | undefined): AskPassword => async () => password ?? null;

/** An outcome where nothing was written: `failure` null = nothing to do. */
const unchanged = (host: string, failure: RemoteOutcome['failure'], message: string): RemoteOutcome => ({
  host,
  outcome: failure ? 'failed' : 'nothing',
  failure,
  message,
  changedFiles: [],
  validated: false,
  reload: null,
  backup: null,
  adminInstructions: null,
});

const changedSincePreview = (host: string): RemoteOutcome =>
  unchanged(host, 'changed', `${host}: the sshd config changed since the preview (or the change would now differ); nothing changed. Preview again to see it as it is now.`);

/**
 * "Server keepalive for HOST" and fleets behind the contract. Every change is planned on the server
 * again right before it is written and must equal what the preview showed (the server's program
 * checks the same once more under its lock), so what the user approved is what gets written.
 */
export function createRemoteServerHandlers(ctx: HandlerContext, deps: RemoteServerDeps = {}): RemoteServerHandlers {
  const anyPath = deps.anyPath === true;
  const transport = deps.transport ?? {};
  const configOf = (configPath: string, retry: string) =>
    sshConfigFile(ctx, configPath, anyPath, (file) => `Server keepalive uses configs in ~/.ssh only; for ${file} run: ssh-keepalive ${retry} --config ${file}`) ?? undefined;
  const targetOf = (req: { host: string; configPath: string }, retry: string): SshTarget => ({ host: req.host, configPath: configOf(req.configPath, `${retry} --host ${req.host}`) });
  /** A fleet's progress as events: the plan (or why not) of a plan run, the outcome of a change. */
  const progress = (runId: string, kind: 'plan' | 'change') => (p: FleetProgress) => {
    const done = p.step === 'done';
    deps.emitProgress?.({
      runId,
      host: p.host,
      step: p.step,
      plan: done && kind === 'plan' ? (p.plan ? planAnswer(p.host, p.plan) : failedPlanOf(p.outcome!)) : null,
      outcome: done && kind === 'change' && p.outcome ? p.outcome : null,
    });
  };
  const fleetOpts = (configPath: string | undefined, password: string | undefined) => ({ ...transport, configPath, askPassword: passwordOf(password), concurrency: deps.concurrency ?? 4 });

  return {
    'remote-server:status': async (req) => {
      const target = targetOf(req, 'server status');
      try {
        return await remoteServerStatus(target, { ...transport, trySudo: req.trySudo === true });
      } catch (err) {
        throw appErrorOf(err);
      }
    },

    'remote-server:plan': async (req) => {
      const target = targetOf(req, 'server set');
      try {
        return planAnswer(req.host, await planRemoteChange(target, req.change, { ...transport, askPassword: passwordOf(req.password) }));
      } catch (err) {
        return failedPlan(req.host, err);
      }
    },

    'remote-server:apply': async (req) => {
      const target = targetOf(req, 'server set');
      const opts = { ...transport, askPassword: passwordOf(req.password) };
      try {
        const plan = await planRemoteChange(target, req.change, opts);
        if (plan.state !== req.state || plan.digest !== req.digest) return changedSincePreview(req.host);
        return await applyRemoteChange(plan, { ...opts, reload: req.reload });
      } catch (err) {
        return failedOutcome(req.host, err);
      }
    },

    'remote-server:undo': async (req) => {
      const target = targetOf(req, 'server undo');
      try {
        const status = await remoteServerStatus(target, transport);
        if (!status.undo) return unchanged(req.host, null, `${req.host}: nothing to undo there.`);
        if (req.entry !== undefined && req.entry !== status.undo.entry) {
          return unchanged(req.host, 'changed', `${req.host}: a newer change (${status.undo.description}) was made there since; nothing was undone. Read its status again.`);
        }
        const loginIsRoot = status.loginUser === 'root' && status.readAs === 'login';
        return await undoRemoteChange(target, status.undo.entry, { ...transport, askPassword: passwordOf(req.password), reload: req.reload, loginIsRoot });
      } catch (err) {
        return failedOutcome(req.host, err);
      }
    },

    'remote-server:fleet-plan': async (req) => {
      const configPath = configOf(req.configPath, 'server set');
      const plans = await planFleet(req.hosts, req.change, { ...fleetOpts(configPath, req.password), onProgress: progress(req.runId, 'plan') });
      return { runId: req.runId, plans: plans.map((p) => (p.plan ? planAnswer(p.host, p.plan) : failedPlanOf(p.failed!))) };
    },

    'remote-server:fleet-apply': async (req) => {
      const configPath = configOf(req.configPath, 'server set');
      const expected = new Map(req.targets.map((t) => [t.host, t]));
      const differs = new Set<string>();
      // A host whose plan now differs from its preview is not written; it fails as `changed`.
      const fix = (o: RemoteOutcome): RemoteOutcome => (differs.has(o.host) ? changedSincePreview(o.host) : o);
      const emit = progress(req.runId, 'change');
      const outcomes = await applyFleet([...expected.keys()], req.change, {
        ...fleetOpts(configPath, req.password),
        reload: req.reload,
        confirm: async (plan) => {
          const want = expected.get(plan.target.host);
          const same = want !== undefined && want.state === plan.state && want.digest === plan.digest;
          if (!same) differs.add(plan.target.host);
          return same;
        },
        onProgress: (p) => emit(p.outcome ? { ...p, outcome: fix(p.outcome) } : p),
      });
      return { runId: req.runId, outcomes: outcomes.map(fix) };
    },

    'remote-server:fleet-undo': async (req) => {
      const configPath = configOf(req.configPath, 'server undo');
      const outcomes = await undoFleet(req.hosts, { ...fleetOpts(configPath, req.password), reload: req.reload, onProgress: progress(req.runId, 'change') });
      return { runId: req.runId, outcomes };
    },

    ...createAnsibleHandlers(ctx, { anyPath, transport, ...(deps.emitAnsible ? { emit: deps.emitAnsible } : {}) }),
  };
}
