import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { ConfigSnapshot } from '../../common/contract/hosts';
import { DEFAULT_INTERVAL } from '../../common/contract/keepalive';
import { formatDuration } from '../../common/format/duration';
import { localHosts, sameSessions, sameSettings, specsOf, type NatHost } from '../../common/nat/scenario';
import { listNames, summarize } from '../../common/nat/summary';
import { useKeepaliveFlow } from '../ui/keepaliveChange';
import { KeepaliveDialog, KeepaliveNotice } from '../ui/KeepaliveFlowParts';
import { switchTitle, type SwitchChange } from '../ui/useIntervalToggle';
import { NatControls, SKIP_MS, STEP_MS } from './NatControls';
import { NatDiagram } from './NatDiagram';
import { NatLegend } from './NatLegend';
import { NatTable } from './NatTable';
import { useCalmTable } from './useCalmTable';
import { useNatHosts } from './useNatHosts';
import { useNatSimulation, type NatSimulation } from './useNatSimulation';
import { useReducedMotion } from './useReducedMotion';

export interface SceneProps {
  api: KeepaliveApi;
  snapshot: ConfigSnapshot;
  replace: (s: ConfigSnapshot) => void;
  reload: () => Promise<void>;
  natTimeout: number;
  onNatTimeout: (seconds: number) => void;
}

/** The animated NAT of the user's hosts, its text table, and their keepalive switches (previewed like everywhere). */
export function NatScene({ api, snapshot, replace, reload, natTimeout, onNatTimeout }: SceneProps) {
  const reducedMotion = useReducedMotion();
  const { allHosts, hosts, isExample, flipWhatIf, serverInterval, setServerInterval } = useNatHosts(snapshot);
  const sessionsKey = hosts.map((h) => h.key).join('\0');
  const specs = useMemo(() => specsOf(hosts), [hosts]);
  const sim = useNatSimulation(specs, sessionsKey, natTimeout, { autoplay: !reducedMotion, initialSpeed: 10, drawEveryMs: reducedMotion ? 1000 : 0 });
  const flow = useKeepaliveFlow(api, replace, reload, snapshot.configPath);
  useReconnectOnChange(hosts, sim.reconnect);

  const { start } = flow;
  const onToggle = useCallback(
    (h: NatHost) => {
      if (h.block === null) return flipWhatIf(h);
      const change: SwitchChange = h.keepaliveOn ? { action: 'off' } : { action: 'on', interval: DEFAULT_INTERVAL };
      void start({ configPath: snapshot.configPath, target: { kind: 'block', file: h.block.file, line: h.block.line }, ...change }, switchTitle(h.pattern, change));
    },
    [start, flipWhatIf, snapshot.configPath],
  );
  const { act } = sim;
  const onType = useCallback((h: NatHost) => act({ kind: 'type', hostId: h.key }), [act]);
  const onReconnect = useCallback((h: NatHost) => act({ kind: 'reconnect', hostId: h.key }), [act]);
  const { tableSim, announcement } = useCalmTable(sim.sim, sim.playing, hosts);
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
        <RouteNote snapshot={snapshot} />
        {isExample && (
          <p className="note">
            Your config has no Host blocks, so this shows the article's example: working in AWS and at work from home, with a session to school left idle. Its
            switches only change the animation.
          </p>
        )}
        <Playback sim={sim} natTimeout={natTimeout} onNatTimeout={onNatTimeout} serverInterval={serverInterval} onServerInterval={setServerInterval} reducedMotion={reducedMotion} />
      </section>

      <KeepaliveNotice flow={flow} snapshot={snapshot} />

      <section className="card nat-picture" aria-label="Diagram">
        <NatDiagram sim={sim.sim} hosts={hosts} showPackets={!reducedMotion} />
        <NatLegend />
      </section>

      <section className="card" aria-labelledby="nat-table-heading">
        <h2 id="nat-table-heading">Connection table</h2>
        <NatTable sim={tableSim} hosts={hosts} busy={flow.busy} onToggle={onToggle} onType={onType} onReconnect={onReconnect} />
      </section>

      <div className="visually-hidden" role="log" aria-live="polite">
        {announcement}
      </div>

      <KeepaliveDialog flow={flow} snapshot={snapshot} />
    </div>
  );
}

/** What the diagram does with jump hosts and with hosts likely on this network, in words. */
function RouteNote({ snapshot }: { snapshot: ConfigSnapshot }) {
  const local = useMemo(() => localHosts(snapshot), [snapshot]);
  const jumps = snapshot.hosts.some((h) => h.route?.kind === 'jumps');
  if (!local.length && !jumps) return null;
  return (
    <p className="note">
      {jumps && 'A host behind a jump host is drawn with the jump host’s address: its session crosses the router inside that connection. '}
      {local.length > 0 &&
        `Not drawn: ${listNames(local.map((h) => `${h.pattern} (${h.connection.hostName})`))}, private ${local.length === 1 ? 'address' : 'addresses'} reached directly, most likely on this network, where the router is not crossed. Over a VPN or a second NAT they would cross one; the Hosts view still judges them against this NAT.`}
    </p>
  );
}

/** A changed setting is a new connection with the new values (open sessions keep the old ones). */
function useReconnectOnChange(hosts: readonly NatHost[], reconnect: NatSimulation['reconnect']) {
  const previousHosts = useRef<readonly NatHost[]>(hosts);
  useEffect(() => {
    const before = previousHosts.current;
    previousHosts.current = hosts;
    if (before === hosts || !sameSessions(before, hosts)) return;
    hosts.forEach((h, i) => {
      if (!sameSettings(before[i]!.settings, h.settings)) reconnect(h.key, h.settings);
    });
  }, [hosts, reconnect]);
}

interface PlaybackProps {
  sim: NatSimulation;
  natTimeout: number;
  onNatTimeout: (seconds: number) => void;
  serverInterval: number;
  onServerInterval: (seconds: number) => void;
  reducedMotion: boolean;
}

function Playback({ sim, natTimeout, onNatTimeout, serverInterval, onServerInterval, reducedMotion }: PlaybackProps) {
  return (
    <>
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
        onServerInterval={onServerInterval}
      />
      <p className="nat-time">
        Simulated time: <strong>{formatDuration(Math.floor(sim.sim.nowMs / 1000))}</strong> at {sim.speed}x{sim.playing ? '' : ', paused'}
        {reducedMotion && ' (reduced motion: packets are not animated)'}
      </p>
    </>
  );
}
