import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { KeepaliveApi } from '../common/contract/channels';
import { HostsView } from './hosts/HostsView';
import { NatView } from './nat/NatView';
import { PuttySessionsView } from './sessions/PuttySessionsView';
import { ThisComputerSection } from './system/ThisComputerSection';

interface Tab {
  id: string;
  label: string;
  View: (props: { api: KeepaliveApi }) => ReactNode;
}

/** One tab per feature area. */
const TABS: readonly Tab[] = [
  { id: 'hosts', label: 'Hosts', View: HostsView },
  { id: 'nat', label: 'Why sessions die', View: NatView },
  { id: 'server', label: 'This computer', View: ThisComputerSection },
  { id: 'putty', label: 'PuTTY & WinSCP', View: PuttySessionsView },
];

/** The app shell: a header and the feature tabs. */
export function App({ api }: { api: KeepaliveApi }) {
  const tabs = TABS;
  const [active, setActive] = useState('hosts');
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
  return (
    <>
      <header className="app-header">
        <h1>SSH Keepalive</h1>
        <p className="tagline">Stop idle SSH sessions from dying behind routers and firewalls.</p>
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
        <div
          id={current ? `panel-${current.id}` : undefined}
          role={tabs.length > 1 ? 'tabpanel' : undefined}
          aria-labelledby={tabs.length > 1 && current ? `tab-${current.id}` : undefined}
        >
          {current && <current.View api={api} />}
        </div>
      </main>
    </>
  );
}
