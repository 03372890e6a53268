import { useId } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { HostRow } from '../../common/contract/hosts';
import type { KeepaliveIntent } from '../../common/contract/keepalive';
import { DIAGNOSIS_DEFAULT_MEASURE_SECONDS } from '../../common/contract/diagnosis';
import type { DiagnosisReport, FixAction } from '../../common/diagnosis/schema';
import { diagnosisHeadline, hostNameForBlock } from '../../common/format/diagnosis';
import { formatDuration } from '../../common/format/duration';
import { describeError } from '../../common/format/error';
import { concreteHost } from '../probe/format';
import { HostTargetControls, useHostTarget } from '../ui/HostTargetControls';
import { switchTitle } from '../ui/useIntervalToggle';
import { useNatTimeout } from '../ui/useNatTimeout';
import { CauseList } from './CauseList';
import { DiagnosisFacts } from './DiagnosisFacts';
import { DiagnosisProgressView } from './DiagnosisProgressView';
import { rememberDiagnosis } from './lastDiagnosis';
import { useDiagnosis } from './useDiagnosis';
import './diagnosis.css';

/** What a host row gives its panels (renderer/hosts/rowActions.tsx's HostRowContext). */
export interface DiagnosisPanelProps {
  api: KeepaliveApi;
  host: HostRow;
  /** The config the Hosts view shows (the badge is kept per block of it). */
  configPath: string;
  /** A keepalive fix, through the Hosts view's change flow (preview with its diff, apply, undo). */
  onChange: (intent: KeepaliveIntent, title: string) => void;
}

/**
 * "Why did my session die?" for one Host block: logs in as the user's ssh would and lists every
 * cause that ends an idle session there, most lethal first, each with its evidence and fix (a
 * button where the app can apply it).
 */
export function DiagnosisPanel({ api, host, configPath, onChange }: DiagnosisPanelProps) {
  const [natTimeout] = useNatTimeout();
  // '' = what `ssh HOST` reads by itself (the web host maps it to the config it serves).
  const d = useDiagnosis(api, '', (report) => rememberDiagnosis(configPath, host.pattern, report));
  // A block for many hosts (wildcards) has no one host to log in to: the user names one.
  const target = useHostTarget(() => concreteHost(host.pattern));
  const headingId = useId();

  const fix = (report: DiagnosisReport, action: FixAction) => {
    if (action.kind !== 'client-keepalive') return;
    // The row's own host: its block; another (a jump host, one host of a wildcard block): that host's own block.
    const own = action.host === report.host && hostNameForBlock(action.host) === concreteHost(host.pattern);
    const name = hostNameForBlock(action.host);
    const intent: KeepaliveIntent = own
      ? { configPath, target: { kind: 'block', file: host.file, line: host.line }, action: 'on', interval: action.interval }
      : { configPath, target: { kind: 'host', name }, action: 'on', interval: action.interval };
    onChange(intent, switchTitle(name, { action: 'on', interval: action.interval }, 'interval'));
  };

  return (
    <section className="diagnosis-panel" aria-labelledby={headingId}>
      <h3 id={headingId}>Why do sessions to {host.pattern} die?</h3>
      <p className="hint">
        Logs in as your ssh would (your config, keys and agent, no prompt, nothing stored), reads the server&apos;s settings and
        login shell without root, and checks every jump on the way. Judged against a NAT that forgets idle connections after{' '}
        {formatDuration(natTimeout)} (the Hosts view&apos;s choice). When the server&apos;s settings cannot be read it watches an
        idle connection for up to {formatDuration(DIAGNOSIS_DEFAULT_MEASURE_SECONDS)}.
      </p>
      {!d.running && (
        <HostTargetControls label="Host to log in to" target={target}>
          <button type="button" className="primary" disabled={!target.valid} onClick={() => d.run(target.host, natTimeout)}>
            {d.report ? 'Diagnose again' : 'Diagnose'}
          </button>
        </HostTargetControls>
      )}

      {d.running && <DiagnosisProgressView host={d.running} progress={d.progress} onCancel={d.cancel} />}

      <div aria-live="polite">
        {d.cancelled && !d.running && <p className="note">Diagnosis cancelled. Its ssh connections were closed.</p>}
        {d.report && !d.running && (
          <div className="result-card" role="status" aria-label={`Diagnosis of ${d.report.host}`}>
            <p className="diagnosis-headline" data-field="headline">
              <strong>{d.report.host}:</strong> {diagnosisHeadline(d.report).text}
            </p>
            <DiagnosisFacts report={d.report} />
            <CauseList causes={d.report.causes} onFix={(action) => fix(d.report!, action)} />
          </div>
        )}
      </div>
      {d.error && !d.running && (
        <p className="error" role="alert">
          Could not diagnose: {describeError(d.error)}
        </p>
      )}
    </section>
  );
}
