import { useCallback, useRef, useState, type ComponentType } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import { DEFAULT_NAT_TIMEOUT, type KeepaliveIntent } from '../../common/contract/keepalive';
import { AllHostsPanel } from './AllHostsPanel';
import { EmptyState } from '../ui/EmptyState';
import { describeError } from './format';
import type { PuttyPanelProps } from './HostRowView';
import { HostTable } from './HostTable';
import { IssuesList } from './IssuesList';
import { NatTimeoutField } from '../ui/NatTimeoutField';
import { NoticeBar } from '../ui/NoticeBar';
import { PreviewDialog } from './PreviewDialog';
import { useConfigSnapshot } from './useConfigSnapshot';
import { previewIsStale, useKeepaliveChange } from './useKeepaliveChange';
import { retarget } from './retarget';

const NAT_KEY = 'ssh-keepalive-nat-timeout';
/** '' = the platform default config; the web host maps it to the file it was started for. */
const CONFIG_PATH = '';

function storedNatTimeout(): number {
  const stored = Number(window.localStorage.getItem(NAT_KEY));
  return Number.isInteger(stored) && stored > 0 ? stored : DEFAULT_NAT_TIMEOUT;
}

export function HostsView({ api, PuttyPanel }: { api: KeepaliveApi; PuttyPanel?: ComponentType<PuttyPanelProps> | undefined }) {
  const [natTimeout, setNatTimeout] = useState(storedNatTimeout);
  const { snapshot, error, loading, reload, replace } = useConfigSnapshot(api, CONFIG_PATH, natTimeout);
  const change = useKeepaliveChange(api, replace, reload);
  const noticeRef = useRef<HTMLDivElement>(null);
  const { start } = change;
  // The hosts a change was previewed against, to find its block again if the file changes meanwhile.
  const latestHosts = useRef(snapshot?.hosts ?? []);
  latestHosts.current = snapshot?.hosts ?? [];
  const previewedHosts = useRef(latestHosts.current);
  // Stable, so memoised rows do not re-render when only the dialog or the notice changes.
  const onChange = useCallback(
    (intent: KeepaliveIntent, title: string) => {
      previewedHosts.current = latestHosts.current;
      void start(intent, title);
    },
    [start],
  );
  const previewAgain = () => {
    const before = previewedHosts.current;
    previewedHosts.current = latestHosts.current;
    void change.refresh((intent) => retarget(intent, before, latestHosts.current));
  };

  const updateNat = (seconds: number) => {
    window.localStorage.setItem(NAT_KEY, String(seconds));
    setNatTimeout(seconds);
  };

  const undo = async () => {
    await change.undo(CONFIG_PATH);
    noticeRef.current?.focus();
  };

  const root = snapshot?.files.find((f) => f.path === snapshot.configPath);
  return (
    <div className="hosts-view">
      <div className="toolbar">
        <p className="config-path">
          {snapshot ? (
            <>
              Config: <code>{snapshot.configPath}</code>
            </>
          ) : (
            'Reading your SSH config…'
          )}
          {loading && snapshot && <span className="hint"> (reloading…)</span>}
        </p>
        <NatTimeoutField value={natTimeout} onChange={updateNat} />
      </div>

      <NoticeBar ref={noticeRef} notice={change.notice} canUndo={snapshot?.canUndo ?? false} undoDescription={snapshot?.undoDescription} busy={change.busy} onUndo={() => void undo()} onDismiss={() => change.setNotice(null)} />

      {error && (
        <div className="card error-card" role="alert">
          <p>
            <strong>Could not read the SSH config.</strong> {describeError(error)}
          </p>
          <button type="button" onClick={() => void reload()}>
            Try again
          </button>
        </div>
      )}

      {snapshot && (
        <>
          {snapshot.issues.length > 0 && <IssuesList issues={snapshot.issues} />}
          {root && !root.exists && <EmptyState configPath={snapshot.configPath} natTimeout={snapshot.natTimeoutSeconds} kind="missing" />}
          {root?.exists && snapshot.hosts.length === 0 && !snapshot.issues.some((i) => i.severity === 'error') && <EmptyState configPath={snapshot.configPath} natTimeout={snapshot.natTimeoutSeconds} kind="no-hosts" />}
          <AllHostsPanel snapshot={snapshot} configPath={snapshot.configPath} onChange={onChange} />
          {snapshot.hosts.length > 0 && (
            <section className="card" aria-labelledby="hosts-heading">
              <h2 id="hosts-heading">Host blocks ({snapshot.hosts.length})</h2>
              <HostTable hosts={snapshot.hosts} configPath={snapshot.configPath} api={api} onChange={onChange} PuttyPanel={PuttyPanel} />
            </section>
          )}
        </>
      )}

      {change.pending && (
        <PreviewDialog
          // A new preview (after "Preview again") is a new dialog: fresh choice, focus on its action.
          key={JSON.stringify(change.pending.preview)}
          change={change.pending}
          busy={change.busy}
          error={change.dialogError}
          stale={snapshot ? previewIsStale(change.pending.preview, snapshot.files) : false}
          onApply={(edits, alt) => void change.apply(edits, alt)}
          onRefresh={previewAgain}
          onCancel={change.cancel}
        />
      )}
    </div>
  );
}
