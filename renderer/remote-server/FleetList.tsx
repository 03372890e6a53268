import { DiffView } from '../ui/DiffView';
import { remoteView } from './remoteChange';
import type { FleetPhase, FleetRow } from './useFleet';

const WORKING = { queued: 'Waiting', planning: 'Reading its config…', applying: 'Writing…', undoing: 'Undoing…', done: '' } as const;

/** What one server's line says: the step while it runs, then its diff's summary or its outcome. */
function said(row: FleetRow): { text: string; tone: 'working' | 'ok' | 'same' | 'failed' } {
  if (row.step !== 'done') return { text: WORKING[row.step], tone: 'working' };
  const o = row.outcome;
  if (o) return { text: o.message, tone: o.outcome === 'failed' ? 'failed' : o.outcome === 'nothing' ? 'same' : 'ok' };
  const p = row.plan;
  if (!p) return { text: WORKING.queued, tone: 'working' };
  if (!p.plan) return { text: p.message, tone: 'failed' };
  return { text: p.plan.summary, tone: p.plan.kind === 'noop' ? 'same' : 'ok' };
}

const MARK = { working: '…', ok: '✓', same: '=', failed: '✗' } as const;

/**
 * The fleet's servers, one line each, in the order chosen: the step while it runs, then the outcome
 * (a refusal with the administrator's lines), and each server's diff to open before Apply.
 */
export function FleetList({ rows, phase }: { rows: readonly FleetRow[]; phase: FleetPhase }) {
  const done = rows.filter((r) => r.step === 'done').length;
  return (
    <>
      <p role="status" className="hint" data-field="fleet-count">
        {phase === 'planning' || phase === 'applying' || phase === 'undoing' ? `${done} of ${rows.length} servers done…` : `${rows.length} servers`}
      </p>
      <ul className="fleet-list" aria-label="Servers">
        {rows.map((row) => {
          const { text, tone } = said(row);
          const plan = row.plan?.plan;
          const view = plan && plan.kind === 'edit' && !row.outcome ? remoteView(row.host, row.plan!) : null;
          const admin = row.outcome?.adminInstructions ?? row.plan?.adminInstructions ?? null;
          return (
            <li key={row.host} className={`fleet-row fleet-${tone}`} data-fleet-host={row.host} data-step={row.step} data-outcome={row.outcome?.outcome ?? (plan ? `plan-${plan.kind}` : row.plan ? 'plan-failed' : '')}>
              <span className="fleet-mark" aria-hidden="true">
                {MARK[tone]}
              </span>
              <code className="fleet-host">{row.host}</code>
              <span className="fleet-text">{text}</span>
              {view?.kind === 'edit' && (
                <details className="fleet-diff">
                  <summary>Diff for {row.host}</summary>
                  {view.files.map((f) => (
                    <DiffView key={f.file} diff={f} />
                  ))}
                </details>
              )}
              {admin && tone === 'failed' && (
                <details className="fleet-diff">
                  <summary>Lines for the administrator of {row.host}</summary>
                  <pre>{admin}</pre>
                </details>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
