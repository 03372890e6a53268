import { z } from 'zod';
import { DiagnosisReport, ExplainResult } from '../diagnosis/schema';
import { ProbeHost } from './probe';

/**
 * "Why did my session die?" (issue 13): `diagnosis:explain` reads what the terminal said;
 * `diagnosis:run` logs in to one host as the user's own ssh would and answers every cause that ends
 * an idle session there. A run takes seconds (a minute and more when it must measure the server's
 * keepalive), so it reports `diagnosis:progress` events under the run id the caller chose, and
 * `diagnosis:cancel` stops it.
 */

/** The longest text sent: a pasted scrollback is cut to its end by the page, not refused. */
export const EXPLAIN_MAX_TEXT = 256 * 1024;
/** Watching an idle connection for the server's keepalive when its config cannot be read. */
export const DIAGNOSIS_DEFAULT_MEASURE_SECONDS = 120;
export const DIAGNOSIS_MAX_MEASURE_SECONDS = 900;

export const ExplainRequest = z.object({
  text: z.string().trim().min(1, 'Paste what the terminal said').max(EXPLAIN_MAX_TEXT),
  /** ssh's exit status when known (`echo $?`): 255 = ssh or the server ended it, 0 = the shell exited. */
  exitStatus: z.number().int().min(0).max(255).nullable().optional(),
});
export type ExplainRequest = z.input<typeof ExplainRequest>;

/** Chosen by the caller so it can tell its own progress events from another run's. */
export const DiagnosisRunId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'A run id is 1-64 letters, digits or dashes');

export const DiagnosisRunRequest = z.object({
  /** The client config ssh reads ('' = what `ssh HOST` reads by itself). */
  configPath: z.string().max(4096),
  /** The probe's rule: an alias or [user@]host, never something ssh reads as an option. */
  host: ProbeHost,
  /** The user's NAT idle timeout (their choice or a measurement); absent = unknown. */
  natTimeoutSeconds: z.number().int().min(1).max(7 * 86_400).optional(),
  /** How long to time the server's keepalives when sshd -T cannot answer (0 = do not measure). */
  measureSeconds: z.number().int().min(0).max(DIAGNOSIS_MAX_MEASURE_SECONDS).optional(),
  runId: DiagnosisRunId.optional(),
});
export type DiagnosisRunRequest = z.input<typeof DiagnosisRunRequest>;

export const DiagnosisCancelRequest = z.object({ runId: DiagnosisRunId });
export const DiagnosisCancelResult = z.object({ cancelled: z.boolean() });

export const DiagnosisPhase = z.enum(['login', 'measuring', 'done']);
export type DiagnosisPhase = z.infer<typeof DiagnosisPhase>;

export const DiagnosisProgress = z.object({
  runId: DiagnosisRunId,
  host: z.string(),
  phase: DiagnosisPhase,
  elapsedSeconds: z.number().nonnegative(),
  /** The longest the current phase may still take; null when not known. */
  upToSeconds: z.number().nonnegative().nullable(),
});
export type DiagnosisProgress = z.infer<typeof DiagnosisProgress>;

export const diagnosisChannels = {
  'diagnosis:explain': { request: ExplainRequest, response: ExplainResult },
  'diagnosis:run': { request: DiagnosisRunRequest, response: DiagnosisReport },
  'diagnosis:cancel': { request: DiagnosisCancelRequest, response: DiagnosisCancelResult },
} as const;

export const diagnosisEvents = {
  'diagnosis:progress': DiagnosisProgress,
} as const;
