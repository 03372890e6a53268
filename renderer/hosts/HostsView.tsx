import { useCallback, useMemo, useRef } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { KeepaliveIntent } from '../../common/contract/keepalive';
import { clientIntervalFor } from '../../common/diagnosis/client-alive';
import { switchTitle } from '../ui/useIntervalToggle';
import { ErrorCard } from '../ui/ErrorCard';
import { KeepaliveDialog, KeepaliveNotice, UndoLastChange } from '../ui/KeepaliveFlowParts';
import { useKeepaliveFlow } from '../ui/keepaliveChange';
import { useConfigSnapshot } from '../ui/useConfigSnapshot';
import { useNatTimeout } from '../ui/useNatTimeout';
import { AllHostsPanel } from './AllHostsPanel';
import { EmptyState } from './EmptyState';
import { isAllHostsBlock } from './describe';
import { HostTable } from './HostTable';
import { IssuesList } from './IssuesList';
import { OpeningAnswer } from './OpeningAnswer';
import { retarget } from './retarget';
import { WhichHost } from './WhichHost';

/** '' = the platform default config; the web host maps it to the file it was started for. */
const CONFIG_PATH = '';

/** Every Host block of the user's config with its keepalive, the `Host *` switch, and the change flow. */
export function HostsView({ api }: { api: KeepaliveApi }) {
  const [natTimeout, setNatTimeout] = useNatTimeout();
  const { snapshot, error, loading, reload, replace } = useConfigSnapshot(api, CONFIG_PATH, natTimeout);
  const flow = useKeepaliveFlow(api, replace, reload, CONFIG_PATH);
  const { start } = flow;
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
    void flow.refresh((intent) => retarget(intent, before, latestHosts.current));
  };

  const root = snapshot?.files.find((f) => f.path === snapshot.configPath);
  // `Host *` is the all-hosts card, not a row of the list.
  const listed = useMemo(() => (snapshot?.hosts ?? []).filter((h) => !isAllHostsBlock(h.pattern)), [snapshot]);
  // A Match block read just before `Host *` goes before the next listed host (or at the end).
  const matchBlocks = useMemo(() => {
    const all = snapshot?.hosts ?? [];
    const next = (id: string | null) => {
      const from = id === null ? -1 : all.findIndex((h) => h.id === id);
      return from < 0 ? null : (all.slice(from).find((h) => !isAllHostsBlock(h.pattern))?.id ?? null);
    };
    return (snapshot?.matchBlocks ?? []).map((b) => ({ ...b, before: next(b.before) }));
  }, [snapshot]);
  const protectInterval = clientIntervalFor(natTimeout);
  const protect = () => onChange({ configPath: CONFIG_PATH, target: { kind: 'all' }, action: 'on', interval: protectInterval }, switchTitle('all hosts', { action: 'on', interval: protectInterval }));
  return (
    <div className={flow.notice ? 'hosts-view toast-shown' : 'hosts-view'}>
      {snapshot ? (
        <OpeningAnswer hosts={listed} natTimeout={natTimeout} onNatTimeout={setNatTimeout} interval={protectInterval} onProtect={protect} />
      ) : (
        <p className="config-path">Reading your SSH config…</p>
      )}

      <KeepaliveNotice flow={flow} snapshot={snapshot} toast />
      {error && <ErrorCard title="Could not read the SSH config." error={error} onRetry={() => void reload()} />}

      {snapshot && (
        <>
          {snapshot.issues.length > 0 && <IssuesList api={api} issues={snapshot.issues} configPath={snapshot.configPath} />}
          {root && !root.exists && <EmptyState configPath={snapshot.configPath} natTimeout={snapshot.natTimeoutSeconds} kind="missing" />}
          {root?.exists && snapshot.hosts.length === 0 && !snapshot.issues.some((i) => i.severity === 'error') && <EmptyState configPath={snapshot.configPath} natTimeout={snapshot.natTimeoutSeconds} kind="no-hosts" />}
          <AllHostsPanel api={api} snapshot={snapshot} configPath={snapshot.configPath} onChange={onChange} fixInterval={protectInterval} />
          {listed.length > 0 && (
            <section className="card hosts-list" aria-labelledby="hosts-heading">
              <HostTable
                hosts={listed}
                matchBlocks={matchBlocks}
                configPath={snapshot.configPath}
                api={api}
                onChange={onChange}
                fixInterval={protectInterval}
                heading={
                  <>
                    <h2 id="hosts-heading">Hosts ({listed.length})</h2>
                    <p className="config-path hint">
                      in <code>{snapshot.configPath}</code>
                      {loading && ' (reloading…)'}
                    </p>
                    <UndoLastChange flow={flow} snapshot={snapshot} />
                  </>
                }
              />
            </section>
          )}
        </>
      )}

      {snapshot && <WhichHost api={api} configPath={CONFIG_PATH} natTimeout={natTimeout} version={snapshot} fixInterval={protectInterval} onChange={onChange} />}

      <KeepaliveDialog flow={flow} snapshot={snapshot} onRefresh={previewAgain} />
    </div>
  );
}
