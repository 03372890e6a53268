import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { ConfigSnapshot } from '../../common/contract/hosts';
import { DEFAULT_INTERVAL, DEFAULT_NAT_TIMEOUT } from '../../common/contract/keepalive';
import { describeError } from '../hosts/format';
import { NoticeBar } from '../ui/NoticeBar';
import { PreviewDialog } from '../hosts/PreviewDialog';
import { useConfigSnapshot } from '../hosts/useConfigSnapshot';
import { useKeepaliveChange } from '../hosts/useKeepaliveChange';
import { changesBetween } from '../../common/nat/announce';
import { NatControls, SKIP_MS, STEP_MS } from './NatControls';
import { NatDiagram } from './NatDiagram';
import { NatLegend } from './NatLegend';
import { NatTable } from './NatTable';
import { hostsFromSnapshot, sameSessions, sameSettings, specsOf, type NatHost } from '../../common/nat/scenario';
import { rowState, type SimState } from '../../common/nat/simulation';
import { formatDuration } from '../../common/format/duration';
import { summarize } from '../../common/nat/summary';
import { useNatSimulation } from './useNatSimulation';
import { useReducedMotion } from './useReducedMotion';
import './nat.css';

export interface NatViewProps {
  api: KeepaliveApi;
  /** The Hosts view's snapshot when the shell shares it; loaded here otherwise. */
  snapshot?: ConfigSnapshot | undefined;
  /** Called after a keepalive change was written (the owner of `snapshot` reloads it). */
  onChanged?: (() => void) | undefined;
}

/** Shared with the Hosts view, so both judge hosts against the same router. */
const NAT_KEY = 'ssh-keepalive-nat-timeout';
const TABLE_REFRESH_MS = 250;
/** More lanes than this make an unreadable picture (and a slow one); the summary still counts every host. */
export const MAX_DIAGRAM_HOSTS = 50;

function storedNatTimeout(fallback: number): number {
  const stored = Number(window.localStorage.getItem(NAT_KEY));
  return Number.isInteger(stored) && stored > 0 ? stored : fallback;
}

/** "Why sessions die": the article's animated NAT diagram, driven by the user's own hosts. */
export function NatView({ api, snapshot, onChanged }: NatViewProps) {
  const [natTimeout, setNatTimeout] = useState(() => storedNatTimeout(snapshot?.natTimeoutSeconds ?? DEFAULT_NAT_TIMEOUT));
  const updateNat = useCallback((seconds: number) => {
    window.localStorage.setItem(NAT_KEY, String(seconds));
    setNatTimeout(seconds);
  }, []);
  if (snapshot) {
    const changed = async () => onChanged?.();
    return <NatScene api={api} snapshot={snapshot} replace={() => void changed()} reload={changed} natTimeout={natTimeout} onNatTimeout={updateNat} />;
  }
  return <NatLoader api={api} natTimeout={natTimeout} onNatTimeout={updateNat} />;
}

function NatLoader({ api, natTimeout, onNatTimeout }: { api: KeepaliveApi; natTimeout: number; onNatTimeout: (s: number) => void }) {
  const { snapshot, error, reload, replace } = useConfigSnapshot(api, '', natTimeout);
  if (error && !snapshot) {
    return (
      <div className="card error-card" role="alert">
        <p>
          <strong>Could not read the SSH config.</strong> {describeError(error)}
        </p>
        <button type="button" onClick={() => void reload()}>
          Try again
        </button>
      </div>
    );
  }
  if (!snapshot) return <p className="hint">Reading your SSH config…</p>;
  return <NatScene api={api} snapshot={snapshot} replace={replace} reload={reload} natTimeout={natTimeout} onNatTimeout={onNatTimeout} />;
}

interface SceneProps {
  api: KeepaliveApi;
  snapshot: ConfigSnapshot;
  replace: (s: ConfigSnapshot) => void;
  reload: () => Promise<void>;
  natTimeout: number;
  onNatTimeout: (seconds: number) => void;
}

function NatScene({ api, snapshot, replace, reload, natTimeout, onNatTimeout }: SceneProps) {
  const reducedMotion = useReducedMotion();
  // The article's example hosts have no config to write: their switches are a what-if.
  const [whatIf, setWhatIf] = useState<ReadonlySet<string>>(new Set());
  const [serverInterval, setServerInterval] = useState(0);
  const allHosts = useMemo(
    () =>
      hostsFromSnapshot(snapshot).map((h) => {
        const on = h.block === null && whatIf.has(h.key);
        return {
          ...h,
          keepaliveOn: on || h.keepaliveOn,
          settings: { ...h.settings, clientAliveInterval: serverInterval, ...(on ? { serverAliveInterval: DEFAULT_INTERVAL } : {}) },
        };
      }),
    [snapshot, whatIf, serverInterval],
  );
  const hosts = useMemo(() => (allHosts.length > MAX_DIAGRAM_HOSTS ? allHosts.slice(0, MAX_DIAGRAM_HOSTS) : allHosts), [allHosts]);
  const isExample = hosts.every((h) => h.block === null);
  const sessionsKey = hosts.map((h) => h.key).join('\0');
  const specs = useMemo(() => specsOf(hosts), [hosts]);
  const sim = useNatSimulation(specs, sessionsKey, natTimeout, { autoplay: !reducedMotion, initialSpeed: 10, drawEveryMs: reducedMotion ? 1000 : 0 });
  const change = useKeepaliveChange(api, replace, reload);
  const noticeRef = useRef<HTMLDivElement>(null);

  // A changed setting is a new connection with the new values (open sessions keep the old ones).
  const previousHosts = useRef<readonly NatHost[]>(hosts);
  const { reconnect } = sim;
  useEffect(() => {
    const before = previousHosts.current;
    previousHosts.current = hosts;
    if (before === hosts || !sameSessions(before, hosts)) return;
    hosts.forEach((h, i) => {
      if (!sameSettings(before[i]!.settings, h.settings)) reconnect(h.key, h.settings);
    });
  }, [hosts, reconnect]);

  const onToggle = useCallback(
    (h: NatHost) => {
      if (h.block === null) {
        setWhatIf((prev) => {
          const next = new Set(prev);
          if (next.has(h.key)) next.delete(h.key);
          else next.add(h.key);
          return next;
        });
        return;
      }
      const target = { kind: 'block', file: h.block.file, line: h.block.line } as const;
      if (h.keepaliveOn) void change.start({ configPath: snapshot.configPath, target, action: 'off' }, `Turn keepalive off for ${h.pattern}`);
      else void change.start({ configPath: snapshot.configPath, target, action: 'on', interval: DEFAULT_INTERVAL }, `Turn keepalive on for ${h.pattern} (every ${DEFAULT_INTERVAL} s)`);
    },
    [change.start, snapshot.configPath],
  );
  const { act } = sim;
  const onType = useCallback((h: NatHost) => act({ kind: 'type', hostId: h.key }), [act]);
  const onReconnect = useCallback((h: NatHost) => act({ kind: 'reconnect', hostId: h.key }), [act]);

  // The table and the announcements follow at a calmer pace than the picture.
  const table = useRef<{ sim: SimState; at: number; signature: string }>({ sim: sim.sim, at: 0, signature: '' });
  const signature = sim.sim.hosts.map((h) => `${rowState(h)}${h.client.open ? 1 : 0}${h.typing ? 1 : 0}`).join();
  const now = typeof performance === 'undefined' ? 0 : performance.now();
  if (table.current.sim.config !== sim.sim.config || signature !== table.current.signature || !sim.playing || now - table.current.at >= TABLE_REFRESH_MS) {
    table.current = { sim: sim.sim, at: now, signature };
  }
  const tableSim = table.current.sim;

  const [announcement, setAnnouncement] = useState('');
  const announced = useRef<SimState | null>(null);
  useEffect(() => {
    const before = announced.current;
    announced.current = tableSim;
    if (before && before.config !== tableSim.config) return;
    const names = new Map(hosts.map((h) => [h.key, h.pattern]));
    const lines = changesBetween(before, tableSim, (id) => names.get(id) ?? id);
    if (lines.length > 0) setAnnouncement(lines.length > 6 ? `${lines.slice(0, 5).join('. ')}. And ${lines.length - 5} more.` : `${lines.join('. ')}.`);
  }, [tableSim, hosts]);

  const summary = useMemo(() => summarize(allHosts, natTimeout), [allHosts, natTimeout]);

  return (
    <div className="nat-view" data-sim-ms={Math.floor(sim.sim.nowMs)}>
      <section className="card" aria-labelledby="nat-heading">
        <h2 id="nat-heading">Why sessions die</h2>
        <p className="nat-summary" role="status">
          {summary}
        </p>
        <p className="hint">
          A router keeps a table of connections and deletes the ones idle for longer than its timeout. A session whose entry is gone looks fine until you type: then
          you get <code>Write failed: Broken pipe</code>. A keepalive (<code>ServerAliveInterval</code> on this computer, or <code>ClientAliveInterval</code> on the
          server) crosses the router before that and keeps the entry fresh. <code>TCPKeepAlive</code> waits 2 hours, far too long for most routers.
        </p>
        {allHosts.length > hosts.length && (
          <p className="note">
            The diagram and the table show the first {hosts.length} of your {allHosts.length} hosts; the summary above counts them all.
          </p>
        )}
        {isExample && (
          <p className="note">
            Your config has no Host blocks, so this shows the article's example: working in AWS and at work from home, with a session to school left idle. Its
            switches only change the animation.
          </p>
        )}
        <NatControls
          natTimeoutSeconds={natTimeout}
          onNatTimeout={onNatTimeout}
          playing={sim.playing}
          speed={sim.speed}
          onPlay={sim.play}
          onPause={sim.pause}
          onSpeed={sim.setSpeed}
          onStep={() => sim.skip(STEP_MS)}
          onRestart={sim.restart}
          onCoffee={() => sim.act({ kind: 'coffee' })}
          onSkip={() => sim.skip(SKIP_MS)}
          serverInterval={serverInterval}
          onServerInterval={setServerInterval}
        />
        <p className="nat-time">
          Simulated time: <strong>{formatDuration(Math.floor(sim.sim.nowMs / 1000))}</strong> at {sim.speed}x{sim.playing ? '' : ', paused'}
          {reducedMotion && ' (reduced motion: packets are not animated)'}
        </p>
      </section>

      <NoticeBar
        ref={noticeRef}
        notice={change.notice}
        canUndo={snapshot.canUndo}
        undoDescription={snapshot.undoDescription}
        busy={change.busy}
        onUndo={() => void change.undo(snapshot.configPath).then(() => noticeRef.current?.focus())}
        onDismiss={() => change.setNotice(null)}
      />

      <section className="card nat-picture" aria-label="Diagram">
        <NatDiagram sim={sim.sim} hosts={hosts} showPackets={!reducedMotion} />
        <NatLegend />
      </section>

      <section className="card" aria-labelledby="nat-table-heading">
        <h2 id="nat-table-heading">Connection table</h2>
        <NatTable sim={tableSim} hosts={hosts} busy={change.busy} onToggle={onToggle} onType={onType} onReconnect={onReconnect} />
      </section>

      <div className="visually-hidden" role="log" aria-live="polite">
        {announcement}
      </div>

      {change.pending && (
        <PreviewDialog change={change.pending} busy={change.busy} error={change.dialogError} onApply={(edits, alt) => void change.apply(edits, alt)} onCancel={change.cancel} />
      )}
    </div>
  );
}

export default NatView;
