import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { KeepaliveApi } from '../common/contract/channels';
import { HostsView } from './hosts/HostsView';
import { NatView, PuttyPanel, PuttySessionsView, ThisComputerSection } from './slots';

interface Tab {
  id: string;
  label: string;
  render: () => ReactNode;
}

/** The app shell: a header and one tab per feature area that exists in this build. */
export function App({ api }: { api: KeepaliveApi }) {
  const tabs = useMemo(() => {
    const list: Tab[] = [{ id: 'hosts', label: 'Hosts', render: () => <HostsView api={api} PuttyPanel={PuttyPanel} /> }];
    if (NatView) {
      const View = NatView;
      list.push({ id: 'nat', label: 'Why sessions die', render: () => <View api={api} /> });
    }
    if (ThisComputerSection) {
      const View = ThisComputerSection;
      list.push({ id: 'server', label: 'This computer', render: () => <View api={api} /> });
    }
    if (PuttySessionsView) {
      const View = PuttySessionsView;
      list.push({ id: 'putty', label: 'PuTTY & WinSCP', render: () => <View api={api} /> });
    }
    return list;
  }, [api]);
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
          {current?.render()}
        </div>
      </main>
    </>
  );
}
