import { useLastDiagnosis } from './lastDiagnosis';

/** The Hosts view's line from the last diagnosis of this block (this session, or remembered). */
export function DiagnosisBadge({ configPath, host }: { configPath: string; host: { pattern: string } }) {
  const last = useLastDiagnosis(configPath, host.pattern);
  if (!last) return null;
  const tone = !last.kills ? 'diagnosis-badge-ok' : 'diagnosis-badge-bad';
  const when = new Date(last.at).toLocaleString();
  return (
    // A few words on the host's line; the sentence on hover and for screen readers.
    <span className={`diagnosis-badge ${tone}`} data-field="diagnosis" title={`${last.text} (diagnosis of ${last.host}, ${when})`}>
      <span aria-hidden="true" className="diagnosis-badge-short" data-short>
        {last.short}
      </span>
      <span aria-hidden="true" className="diagnosis-badge-tiny">
        {last.tiny}
      </span>
      <span className="visually-hidden">Last diagnosis: {last.text}</span>
    </span>
  );
}
