import { randomUUID } from 'node:crypto';
import { AppError, toErrorData } from '../../../common/contract/errors';
import { PROBE_DEADLINE_SECONDS, type ProbeState } from '../../../common/contract/probe';
import type { HandlerContext } from '../kernel/context';
import { sshConfigFile } from '../kernel/ssh-config';
import type { Handlers } from '../kernel/dispatch';
import { connectFailureOf } from './connect-failure';
import { realClock, runProbe, sshSpawner, type Clock, type ProbeParams, type SpawnSession } from './';

export interface ProbeDeps {
  /** The SSH boundary: real `ssh` by default; the UI e2e passes a simulated NAT here. */
  spawnFor?: (target: { host: string; configFile: string | null }) => SpawnSession;
  clock?: Clock;
  /** Pushes `probe:progress` to the renderer (the shell wires its event channel here). */
  emit?: (state: ProbeState) => void;
  params?: Partial<Pick<ProbeParams, 'precision' | 'resolutionSeconds' | 'deadlineSeconds' | 'maxRounds'>>;
  /**
   * `ssh -F FILE` runs what FILE says (ProxyCommand, KnownHostsCommand, Match exec). From a window,
   * only configs in ~/.ssh are used, so a compromised page cannot point ssh at a file it planted
   * (a download, say). The command line, typed by the user, may name any file.
   */
  trustAnyConfig?: boolean;
}

type ProbeHandlers = Pick<Handlers, 'probe:start' | 'probe:status' | 'probe:cancel'>;

/** Finished runs kept for `probe:status`; older ones are forgotten. */
const KEEP_FINISHED = 8;

/**
 * "Measure my network" behind the contract: one measurement at a time (each holds several SSH
 * connections open for minutes), cancellable, its latest state readable and pushed as events.
 */
export function createProbeHandlers(ctx: HandlerContext, deps: ProbeDeps = {}): ProbeHandlers {
  const clock = deps.clock ?? realClock;
  const spawnFor = deps.spawnFor ?? ((t) => sshSpawner(t));
  const runs = new Map<string, { state: ProbeState; controller: AbortController }>();

  const update = (id: string, patch: Partial<ProbeState>) => {
    const run = runs.get(id);
    if (!run) return;
    run.state = { ...run.state, ...patch, version: run.state.version + 1 };
    deps.emit?.(run.state);
  };
  const find = (probeId: string) => {
    const run = runs.get(probeId);
    if (!run) throw new AppError('not-found', `No measurement with id ${probeId}`);
    return run;
  };

  return {
    'probe:start': async (req) => {
      // '' means what `ssh HOST` reads by itself (user and system config); -F would skip the system file.
      const configFile = sshConfigFile(ctx, req.configPath, deps.trustAnyConfig === true, (file) => `Measuring uses configs in ~/.ssh only; for ${file} run: ssh-keepalive probe ${req.host} --config ${file}`);
      const running = [...runs.values()].find((r) => r.state.status === 'running');
      if (running) throw new AppError('invalid-input', `A measurement of ${running.state.host} is already running: cancel it first`);
      const probeId = randomUUID();
      const controller = new AbortController();
      const state: ProbeState = {
        probeId,
        host: req.host,
        status: 'running',
        version: 0,
        elapsedSeconds: 0,
        // The first round's plan (its longest idle and the answer's wait): the first estimate, not a guess below it.
        timeLeftSeconds: req.maxIdleSeconds + req.replyTimeoutSeconds,
        timeLeftGrew: null,
        round: 0,
        openConnections: 0,
        lowerSeconds: 0,
        upperSeconds: null,
        maxIdleSeconds: req.maxIdleSeconds,
        result: null,
        error: null,
        sshFailure: null,
      };
      runs.set(probeId, { state, controller });
      for (const id of [...runs.keys()].slice(0, Math.max(0, runs.size - KEEP_FINISHED))) runs.delete(id);
      const params: ProbeParams = {
        maxIdleSeconds: req.maxIdleSeconds,
        connections: req.connections,
        replyTimeoutSeconds: req.replyTimeoutSeconds,
        precision: 0.1,
        resolutionSeconds: 1,
        deadlineSeconds: PROBE_DEADLINE_SECONDS,
        maxRounds: 6,
        ...deps.params,
      };
      runProbe(spawnFor({ host: req.host, configFile }), params, {
        clock,
        signal: controller.signal,
        onProgress: (p) => update(probeId, p),
      }).then(
        (result) => update(probeId, { status: 'done', result, timeLeftSeconds: 0, openConnections: 0, lowerSeconds: result.lowerSeconds, upperSeconds: result.upperSeconds }),
        (err: unknown) => {
          const error = toErrorData(err);
          update(probeId, { status: error.code === 'cancelled' ? 'cancelled' : 'failed', error, sshFailure: connectFailureOf(err), timeLeftSeconds: 0, openConnections: 0 });
        },
      );
      return state;
    },
    'probe:status': async (req) => find(req.probeId).state,
    'probe:cancel': async (req) => {
      const run = find(req.probeId);
      if (run.state.status === 'running') run.controller.abort(new AppError('cancelled', 'The measurement was cancelled'));
      return run.state;
    },
  };
}
