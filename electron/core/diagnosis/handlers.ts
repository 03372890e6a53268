import { explainMessage } from '../../../common/diagnosis';
import { DIAGNOSIS_DEFAULT_MEASURE_SECONDS, type DiagnosisPhase, type DiagnosisProgress } from '../../../common/contract/diagnosis';
import { AppError } from '../../../common/contract/errors';
import type { HandlerContext } from '../kernel/context';
import type { Handlers } from '../kernel/dispatch';
import { sshConfigFile } from '../kernel/ssh-config';
import { diagnoseHost, type DiagnoseOptions } from './diagnose-host';

export interface DiagnosisDeps {
  /** Pushes `diagnosis:progress` (the shell wires its event channel here). */
  emit?: (progress: DiagnosisProgress) => void;
  /** The command line only: its user typed the config path, so any file may be used (see kernel/ssh-config.ts). */
  anyPath?: boolean;
  /**
   * Tests and the diagnosis lab: the ssh program and its timeouts. Never from a request: the
   * contract has no field for a program, so a page cannot choose what runs.
   */
  run?: Pick<DiagnoseOptions, 'sshPath' | 'connectTimeoutSeconds' | 'timeoutMs'>;
  /** How often a running diagnosis says it is still running (default 2 s). */
  tickMs?: number;
}

type DiagnosisHandlers = Pick<Handlers, 'diagnosis:explain' | 'diagnosis:run' | 'diagnosis:cancel'>;

/** explainMessage looks at this much: of a longer paste, the end (where ssh's last words are). */
const EXPLAIN_LOOKS_AT = 64 * 1024;
/** Each run holds an ssh (two while measuring); a page must not start dozens. */
const MAX_RUNNING = 3;
/** Login and the remote script, as diagnoseHost bounds them. */
const LOGIN_SECONDS = 60;

/**
 * "Why did my session die?" behind the contract: explain a message, diagnose a host (with
 * progress under the caller's run id, cancellable).
 */
export function createDiagnosisHandlers(ctx: HandlerContext, deps: DiagnosisDeps = {}): DiagnosisHandlers {
  const running = new Map<string, AbortController>();
  let anonymous = 0;

  return {
    'diagnosis:explain': async (req) => {
      const text = req.text.length > EXPLAIN_LOOKS_AT ? req.text.slice(-EXPLAIN_LOOKS_AT) : req.text;
      return explainMessage(text, { exitStatus: req.exitStatus ?? null });
    },

    'diagnosis:run': async (req) => {
      const configPath = sshConfigFile(ctx, req.configPath, deps.anyPath === true, (file) => `A diagnosis uses configs in ~/.ssh only; for ${file} run: ssh-keepalive diagnose ${req.host} --config ${file}`);
      if (running.size >= MAX_RUNNING) throw new AppError('invalid-input', `${running.size} diagnoses are already running: wait for one to finish`);
      const runId = req.runId ?? `run-${++anonymous}`;
      if (running.has(runId)) throw new AppError('invalid-input', `A diagnosis with id ${runId} is already running`);
      const controller = new AbortController();
      running.set(runId, controller);

      const started = Date.now();
      let phase: DiagnosisPhase = 'login';
      let phaseStarted = started;
      let phaseLimit = LOGIN_SECONDS;
      const say = () => {
        const now = Date.now();
        deps.emit?.({ runId, host: req.host, phase, elapsedSeconds: (now - started) / 1000, upToSeconds: phase === 'done' ? 0 : Math.max(0, phaseLimit - (now - phaseStarted) / 1000) });
      };
      say();
      const ticker = setInterval(say, deps.tickMs ?? 2000);
      try {
        const report = await diagnoseHost(req.host, {
          ...deps.run,
          configPath,
          natTimeout: req.natTimeoutSeconds ?? null,
          measureSeconds: req.measureSeconds ?? DIAGNOSIS_DEFAULT_MEASURE_SECONDS,
          signal: controller.signal,
          onMeasure: (seconds) => {
            phase = 'measuring';
            phaseStarted = Date.now();
            phaseLimit = seconds;
            say();
          },
        });
        // A cancel while measuring ends the watch early, and diagnoseHost answers what it has.
        if (controller.signal.aborted) throw new AppError('cancelled', 'The diagnosis was cancelled');
        return report;
      } finally {
        clearInterval(ticker);
        running.delete(runId);
        phase = 'done';
        say();
      }
    },

    'diagnosis:cancel': async (req) => {
      const controller = running.get(req.runId);
      controller?.abort(new AppError('cancelled', 'The diagnosis was cancelled'));
      return { cancelled: controller !== undefined };
    },
  };
}
