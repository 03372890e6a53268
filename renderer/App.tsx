import { lazy, Suspense, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { KeepaliveApi } from '../common/contract/channels';
import { HostsView } from './hosts/HostsView';
import { ProbeChip } from './probe/ProbeChip';
import { ProbeTaskProvider } from './probe/ProbeTask';

// The opening screen is the Hosts view: the other tabs load when first opened, so the first paint
// waits for less script (the whole bundle took a few hundred ms to evaluate on a busy 2-core machine).
const NatView = lazy(() => import('./nat/NatView').then((m) => ({ default: m.NatView })));
const ExplainView = lazy(() => import('./diagnosis/ExplainView').then((m) => ({ default: m.ExplainView })));
const ThisComputerSection = lazy(() => import('./system/ThisComputerSection').then((m) => ({ default: m.ThisComputerSection })));
const ServersView = lazy(() => import('./remote-server/ServersView').then((m) => ({ default: m.ServersView })));
const PuttySessionsView = lazy(() => import('./sessions/PuttySessionsView').then((m) => ({ default: m.PuttySessionsView })));

interface Tab {
  id: string;
  label: string;
  /** `active`: the tab is shown (a view kept mounted while hidden pauses what only the eye needs). */
  View: (props: { api: KeepaliveApi; active: boolean }) => ReactNode;
  /** Once opened, stays mounted (hidden) when another tab is chosen, so its state survives: the NAT story. */
  keepMounted?: boolean;
}

/** One tab per feature area. */
const TABS: readonly Tab[] = [
  { id: 'hosts', label: 'Hosts', View: HostsView },
  { id: 'nat', label: 'Why sessions die', View: NatView, keepMounted: true },
  // Kept mounted: a pasted message and its answer survive a look at the Hosts view.
  { id: 'explain', label: 'Explain a message', View: ExplainView, keepMounted: true },
  { id: 'server', label: 'This computer', View: ThisComputerSection },
  { id: 'servers', label: 'Servers', View: ServersView },
  { id: 'putty', label: 'PuTTY & WinSCP', View: PuttySessionsView },
];

/** The app shell: a header (with the background measurement's chip) and the feature tabs. */
export function App({ api }: { api: KeepaliveApi }) {
  const tabs = TABS;
  const [active, setActiveTab] = useState('hosts');
  const [visited, setVisited] = useState<ReadonlySet<string>>(() => new Set(['hosts']));
  const setActive = (id: string) => {
    setActiveTab(id);
    setVisited((v) => (v.has(id) ? v : new Set([...v, id])));
  };
  const tabRefs = useRef(new Map<string, HTMLButtonElement>());

  // WAI-ARIA tabs: arrow keys move between tabs, Home/End jump, Tab goes into the panel.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((t) => t.id === active);
    const next =
      e.key === 'ArrowRight' ? (index + 1) % tabs.length
      : e.key === 'ArrowLeft' ? (index - 1 + tabs.length) % tabs.length
      : e.key === 'Home' ? 0
      : e.key === 'End' ? tabs.length - 1
      : -1;
    const tab = tabs[next];
    if (!tab) return;
    e.preventDefault();
    setActive(tab.id);
    tabRefs.current.get(tab.id)?.focus();
  };

  const current = tabs.find((t) => t.id === active) ?? tabs[0];
  const mounted = tabs.filter((t) => t === current || (t.keepMounted && visited.has(t.id)));
  return (
    <ProbeTaskProvider api={api}>
      <header className="app-header">
        <div>
          <h1>SSH Keepalive</h1>
          <p className="tagline">Stop idle SSH sessions from dying behind routers and firewalls.</p>
        </div>
        <ProbeChip />
      </header>
      {/* One main landmark holding the tabs and the panel (a <main role="tabpanel"> is no landmark). */}
      <main>
        {tabs.length > 1 && (
          <div role="tablist" aria-label="Sections" className="tabs" onKeyDown={onKeyDown}>
            {tabs.map((tab) => (
              <button
                key={tab.id}
                ref={(el) => {
                  if (el) tabRefs.current.set(tab.id, el);
                  else tabRefs.current.delete(tab.id);
                }}
                type="button"
                role="tab"
                id={`tab-${tab.id}`}
                aria-selected={tab.id === active}
                aria-controls={`panel-${tab.id}`}
                tabIndex={tab.id === active ? 0 : -1}
                onClick={() => setActive(tab.id)}
              >
                {tab.label}
              </button>
            ))}
          </div>
        )}
        {mounted.map((tab) => (
          <div
            key={tab.id}
            id={`panel-${tab.id}`}
            role={tabs.length > 1 ? 'tabpanel' : undefined}
            aria-labelledby={tabs.length > 1 ? `tab-${tab.id}` : undefined}
            hidden={tab !== current}
          >
            <Suspense fallback={<p className="hint">Loading…</p>}>
              <tab.View api={api} active={tab === current} />
            </Suspense>
          </div>
        ))}
      </main>
    </ProbeTaskProvider>
  );
}
