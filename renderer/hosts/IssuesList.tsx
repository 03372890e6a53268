import type { KeepaliveApi } from '../../common/contract/channels';
import type { ConfigIssue } from '../../common/contract/hosts';
import { FileRef } from '../ui/FileRef';

/** Lines OpenSSH would reject or warn about, each with the file and line to fix (opens the editor there). */
export function IssuesList({ api, issues, configPath }: { api: KeepaliveApi; issues: ConfigIssue[]; configPath: string }) {
  return (
    <section className="card issues" aria-labelledby="issues-heading">
      <h2 id="issues-heading">Problems in the config</h2>
      {issues.some((i) => i.severity === 'error') && (
        // The rows below look usable; say plainly that ssh itself will not start with this config.
        <p className="issues-consequence">
          Until each error is fixed, <code>ssh</code> refuses to run with this config (&ldquo;terminating, … bad configuration
          options&rdquo;): every connection fails, keepalive or not. The values below are what it will use once the file is fixed.
        </p>
      )}
      <ul>
        {issues.map((issue, i) => (
          <li key={i} className={`issue issue-${issue.severity}`}>
            <span className="issue-severity">{issue.severity === 'error' ? 'Error' : 'Warning'}</span>{' '}
            {/* line 0: about the file as a whole (unreadable, not a regular file) */}
            <FileRef api={api} file={issue.file} line={issue.line} configPath={configPath} display="full" />{' '}
            {issue.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
