import type { DiagnosisReport } from '../../common/diagnosis/schema';
import { formatDuration } from '../../common/format/duration';

const SOURCE: Record<DiagnosisReport['server']['source'], string> = {
  'sshd -T': 'read with sshd -T on the server',
  measured: 'measured on an idle connection',
  unknown: 'could not be read',
};

/** What the diagnosis read, in one short list: server, login shell, jumps, this side. */
export function DiagnosisFacts({ report: r }: { report: DiagnosisReport }) {
  const s = r.server;
  const shell = r.shell;
  return (
    <dl className="diagnosis-facts">
      <div>
        <dt>Server</dt>
        <dd data-field="server">
          {s.version ?? 'not OpenSSH, or the version is unknown'}; settings {SOURCE[s.source]}
          {s.source !== 'sshd -T' && s.reason ? ` (${s.reason})` : ''}
        </dd>
      </div>
      <div>
        <dt>Login shell</dt>
        <dd data-field="shell">
          {shell.path ?? 'unknown'}
          {shell.tmout !== null ? `, ${shell.variable ?? 'TMOUT'} ${formatDuration(shell.tmout)}${shell.readonly ? ' (readonly)' : ''}` : ', no idle logout'}
        </dd>
      </div>
      {r.hops.length > 0 && (
        <div>
          <dt>Jump hosts</dt>
          <dd data-field="hops">{r.hops.map((h) => h.name).join(' → ')}</dd>
        </div>
      )}
      <div>
        <dt>Your ssh</dt>
        <dd data-field="client">
          {r.client.serverAliveInterval > 0 ? `keepalive every ${r.client.serverAliveInterval} s` : 'keepalive off'}
          {r.natTimeout !== null ? `; NAT timeout ${formatDuration(r.natTimeout)}` : ''}
        </dd>
      </div>
    </dl>
  );
}
