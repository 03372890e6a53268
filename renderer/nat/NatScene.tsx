import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { ConfigSnapshot } from '../../common/contract/hosts';
import { DEFAULT_INTERVAL } from '../../common/contract/keepalive';
import { localHosts, sameSessions, sameSettings, specsOf, type NatHost } from '../../common/nat/scenario';
import { listNames, summarize } from '../../common/nat/summary';
import { useKeepaliveFlow } from '../ui/keepaliveChange';
import { KeepaliveDialog, KeepaliveNotice } from '../ui/KeepaliveFlowParts';
import { switchTitle, type SwitchChange } from '../ui/useIntervalToggle';
import { NatControls, SKIP_MS, STEP_MS } from './NatControls';
import { NatDiagram } from './NatDiagram';
import { NatLegend } from './NatLegend';
import { NatNowCaption, NatStoryPanel } from './NatStoryPanel';
import { NatTable } from './NatTable';
import { NatTerminal } from './NatTerminal';
import { useCalmTable } from './useCalmTable';
import { useNatHosts } from './useNatHosts';
import { useNatSimulation, type NatSimulation } from './useNatSimulation';
import { useNatStory } from './useNatStory';
import { useReducedMotion } from './useReducedMotion';
import { useWidth } from './useWidth';

export interface SceneProps {
  api: KeepaliveApi;
  snapshot: ConfigSnapshot;
  replace: (s: ConfigSnapshot) => void;
  reload: () => Promise<void>;
  natTimeout: number;
  onNatTimeout: (seconds: number) => void;
  /** False while another tab is shown: the picture stands still and keeps its state. */
  active: boolean;
}

/**
 * The NAT of the user's hosts, playing its lesson by itself (the story: typing, everyone leaves,
 * the router forgets, the user comes back to a frozen terminal, Broken pipe), with captions, the
 * terminal as the user lives it, the text table and the keepalive switches (previewed like everywhere).
 */
export function NatScene({ api, snapshot, replace, reload, natTimeout, onNatTimeout, active }: SceneProps) {
  const reducedMotion = useReducedMotion();
  const { allHosts, hosts, isExample, flipWhatIf, serverInterval, setServerInterval } = useNatHosts(snapshot);
  const sessionsKey = hosts.map((h) => h.key).join('\0');
  const specs = useMemo(() => specsOf(hosts), [hosts]);
  const nameOf = useMemo(() => new Map(hosts.map((h) => [h.key, h.pattern])), [hosts]);
  const names = useCallback((id: string) => nameOf.get(id) ?? id, [nameOf]);
  const sim = useNatSimulation(specs, sessionsKey, natTimeout, { autoplay: !reducedMotion, initialSpeed: 5, drawEveryMs: reducedMotion ? 1000 : 0, active });
  const story = useNatStory(sim, specs, sessionsKey, natTimeout, names, reducedMotion);
  const flow = useKeepaliveFlow(api, replace, reload, snapshot.configPath);
  useReconnectOnChange(hosts, sim.reconnect);
  // The terminal shows the session the story comes back to, or the one the user last typed in.
  const [focus, setFocus] = useState<string | null>(null);

  const { start } = flow;
  const { takeOver } = story;
  const onToggle = useCallback(
    (h: NatHost) => {
      takeOver();
      if (h.block === null) return flipWhatIf(h);
      const change: SwitchChange = h.keepaliveOn ? { action: 'off' } : { action: 'on', interval: DEFAULT_INTERVAL };
      void start({ configPath: snapshot.configPath, target: { kind: 'block', file: h.block.file, line: h.block.line }, ...change }, switchTitle(h.pattern, change));
    },
    [start, flipWhatIf, snapshot.configPath, takeOver],
  );
  const { act } = sim;
  /** A user action: the story stops directing, the picture follows the user. */
  const user = useCallback(
    (run: () => void) => {
      takeOver();
      run();
    },
    [takeOver],
  );
  const onType = useCallback((h: NatHost) => user(() => (setFocus(h.key), act({ kind: 'type', hostId: h.key }))), [act, user]);
  const onReconnect = useCallback((h: NatHost) => user(() => (setFocus(h.key), act({ kind: 'reconnect', hostId: h.key }))), [act, user]);
  const { tableSim } = useCalmTable(sim.sim, sim.playing);
  const summary = useMemo(() => summarize(allHosts, natTimeout), [allHosts, natTimeout]);
  const [lanes, width] = useWidth<HTMLDivElement>();
  useEffect(() => setFocus(null), [sessionsKey]);

  const terminalId = story.mode === 'story' || story.mode === 'done' ? (story.story.victim ?? focus) : (focus ?? story.story.victim);
  const terminalIndex = hosts.findIndex((h) => h.key === terminalId);
  const replay = () => {
    setFocus(null);
    story.replay();
  };

  return (
    <div className="nat-view" data-sim-ms={Math.floor(sim.sim.nowMs)} data-story={story.mode}>
      <section className="card nat-head" aria-labelledby="nat-heading">
        <div className="nat-title-row">
          <h2 id="nat-heading">Why sessions die</h2>
          <p className="nat-summary" role="status">
            {summary}
          </p>
        </div>
        {isExample && (
          <p className="note">
            Your config has no Host blocks, so this shows an example (sessions named aws, work and school, with example addresses). Its switches only change the animation.
          </p>
        )}
        <NatControls
          natTimeoutSeconds={natTimeout}
          onNatTimeout={onNatTimeout}
          playing={sim.playing}
          speed={sim.speed}
          ended={story.mode === 'done'}
          onPlay={sim.play}
          onPause={sim.pause}
          onReplay={replay}
          onSpeed={(s) => user(() => sim.setSpeed(s))}
          onStep={() => user(() => sim.skip(STEP_MS))}
          onCoffee={() => user(() => sim.act({ kind: 'coffee' }))}
          onSkip={() => user(() => sim.skip(SKIP_MS))}
          serverInterval={serverInterval}
          onServerInterval={(s) => user(() => setServerInterval(s))}
        />
      </section>

      <KeepaliveNotice flow={flow} snapshot={snapshot} />

      <section className="card nat-picture" aria-label="Diagram">
        <NatNowCaption story={story} reducedMotion={reducedMotion} />
        <div className="nat-stage">
          {/* Many lanes scroll inside this box: focusable, so the keyboard scrolls it too. */}
          <div className="nat-lanes" ref={lanes} tabIndex={0}>
            <NatDiagram sim={sim.sim} hosts={hosts} showPackets={!reducedMotion} width={width} />
          </div>
          <div className="nat-side">
            <NatStoryPanel story={story} reducedMotion={reducedMotion} />
            {terminalIndex >= 0 && sim.sim.hosts[terminalIndex] && <NatTerminal host={hosts[terminalIndex]!} state={sim.sim.hosts[terminalIndex]!} nowMs={sim.sim.nowMs} />}
          </div>
        </div>
        <NatLegend />
      </section>

      <section className="card" aria-labelledby="nat-table-heading">
        <h2 id="nat-table-heading">Connection table</h2>
        <NatTable sim={tableSim} hosts={hosts} busy={flow.busy} onToggle={onToggle} onType={onType} onReconnect={onReconnect} />
      </section>

      <section className="card nat-explain" aria-labelledby="nat-explain-heading">
        <h2 id="nat-explain-heading">What the picture shows</h2>
        <p className="hint">
          A router keeps a table of connections and deletes the ones idle for longer than its timeout. A session whose entry is gone looks fine until you type: the
          terminal freezes while TCP resends your keystroke, and after about 15 minutes you get <code>Write failed: Broken pipe</code>. A keepalive (
          <code>ServerAliveInterval</code> on this computer, or <code>ClientAliveInterval</code> on the server) crosses the router before that and keeps the entry fresh.{' '}
          <code>TCPKeepAlive</code> waits 2 hours, far too long for most routers.
        </p>
        {allHosts.length > hosts.length && (
          <p className="note">
            The diagram and the table show the first {hosts.length} of your {allHosts.length} hosts; the summary above counts them all.
          </p>
        )}
        <RouteNote snapshot={snapshot} />
      </section>

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
