import { explainMessage, type DiagnosisReport } from '../../common/diagnosis';
import type { LabCaseSpec } from './cases';
import type { FlowLife } from './nat-watch';
import type { Observation } from './observe';

export interface Verdict {
  pass: boolean;
  /** Seconds idle until the session was dead (null: it survived, or it could not be told). */
  observed: number | null;
  /** The matching cause's afterSeconds. */
  diagnosed: number | null;
  detail: string;
}

const within20 = (diagnosed: number, observed: number) => Math.abs(diagnosed - observed) <= 0.2 * observed;
const s = (x: number | null) => (x === null ? '-' : `${x.toFixed(1)} s`);

/**
 * The diagnosis must name what really happened: the cause that ended the session, with
 * afterSeconds within 20% of the observed idle time, and no killer where the session survived.
 * A NAT kills at the moment the router forgets the flow (the client notices later, when it writes).
 */
export function judge(spec: LabCaseSpec, o: Observation, flow: FlowLife | null, report: DiagnosisReport): Verdict {
  const problems: string[] = [];
  const killers = report.causes.filter((c) => c.kills);
  const died = !o.survived;
  let observed: number | null = null;
  if (spec.kills === null) {
    if (died) problems.push(`the session died (exit ${o.exitCode}) but should have survived`);
    if (killers.length) problems.push(`diagnosis names killers: ${killers.map((c) => `${c.id} ${c.afterSeconds} s`).join(', ')}`);
  } else {
    if (!died) problems.push('the session survived but should have died');
    const byNat = spec.kills === 'nat-idle' || spec.kills === 'jump-hop-unprotected';
    if (byNat) observed = flow?.goneAt ? (flow.goneAt - o.readyAt) / 1000 : null;
    else observed = o.exitedAt !== null ? (o.exitedAt - o.readyAt) / 1000 : null;
    if (observed === null) problems.push(byNat ? 'the router never forgot the flow' : 'the session did not end by itself');
  }
  const named = spec.kills ? report.causes.find((c) => c.id === spec.kills && (spec.appliesTo ? c.appliesTo.includes(spec.appliesTo) : c.kills)) : undefined;
  const diagnosed = named?.afterSeconds ?? null;
  if (spec.kills) {
    if (!named) problems.push(`diagnosis does not name ${spec.kills}${spec.appliesTo ? ` for ${spec.appliesTo} sessions` : ' as a killer'}`);
    else if (diagnosed === null || observed === null || !within20(diagnosed, observed)) problems.push(`diagnosed ${s(diagnosed)}, observed ${s(observed)}: not within 20%`);
  }
  for (const id of spec.namesHarmless ?? []) {
    const c = report.causes.find((x) => x.id === id);
    if (!c || c.kills) problems.push(`diagnosis should name ${id} as not killing`);
  }
  if (spec.measureSeconds && report.server.source !== 'measured') problems.push(`server values: ${report.server.source} (${report.server.reason}), expected measured`);
  let explained = '';
  if (died && spec.kills) {
    const ids = explainMessage(`${o.stdout}\n${o.stderr}`, { exitStatus: o.exitCode }).causes.map((c) => c.id);
    explained = `; explain(terminal) -> ${ids.join(', ')}`;
    if (spec.explainMustName && !ids.includes(spec.kills)) problems.push(`explain of what the terminal said does not name ${spec.kills}`);
  }
  const top = report.causes[0];
  const detail = [
    died ? `died after ${s(observed)} idle (exit ${o.exitCode ?? 'killed'})` : 'survived',
    `diagnosed ${spec.kills ?? 'no killer'}${spec.kills ? ` after ${s(diagnosed)}` : ''}`,
    `top cause: ${top ? `${top.id}${top.kills ? ` kills after ${top.afterSeconds} s` : ' (does not kill)'}` : 'none'}`,
    `server: ${report.server.source}${report.server.clientAliveInterval !== null ? ` ClientAliveInterval ${report.server.clientAliveInterval}` : ''}`,
  ].join('; ');
  return { pass: problems.length === 0, observed, diagnosed, detail: `${detail}${explained}${problems.length ? ` -- ${problems.join('; ')}` : ''}` };
}
