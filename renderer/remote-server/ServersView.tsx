import { useEffect, useId, useMemo, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { AppErrorData } from '../../common/contract/errors';
import { ProbeHost } from '../../common/contract/probe';
import { FLEET_MAX_HOSTS } from '../../common/contract/remote-server';
import { describeError } from '../../common/format/error';
import { formatDuration } from '../../common/format/duration';
import { parseInterval } from '../../common/format/interval';
import { suggestServerInterval } from '../../common/remote-server/suggest';
import { errorData } from '../api';
import { ErrorCard } from '../ui/ErrorCard';
import { IntervalField } from '../ui/IntervalField';
import { useNatTimeout } from '../ui/useNatTimeout';
import { AnsibleExport } from './AnsibleExport';
import { FleetList } from './FleetList';
import { HostPicker } from './HostPicker';
import { PasswordDialog } from './PasswordDialog';
import { useFleet } from './useFleet';
import { usePasswordPrompt } from './usePasswordPrompt';
import './remote-server.css';

/** '' = what `ssh HOST` reads by itself (the web host maps it to the config it serves). */
const CONFIG_PATH = '';

/** The names Host lines give literally (no wildcard, no negation), once each, in file order. */
function literalNames(patterns: readonly string[]): string[] {
  const names = patterns.flatMap((p) => p.split(/\s+/)).filter((n) => n && !n.startsWith('!') && !/[*?]/.test(n) && ProbeHost.safeParse(n).success);
  return [...new Set(names)];
}

/**
 * "Servers": server keepalive on several servers at once. Choose them (or a pattern), see each
 * server's own diff, apply to all with a line per server (its progress, then its outcome), undo on
 * those that changed; or export the same change to Ansible.
 */
export function ServersView({ api }: { api: KeepaliveApi }) {
  const [natTimeout] = useNatTimeout();
  const [names, setNames] = useState<string[] | null>(null);
  const [loadError, setLoadError] = useState<AppErrorData | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const suggestion = natTimeout >= 2 ? suggestServerInterval(natTimeout, null) : null;
  const [text, setText] = useState<string | null>(null);
  const [reload, setReload] = useState(true);
  const fleet = useFleet(api, CONFIG_PATH);
  const exportPassword = usePasswordPrompt();
  const headingId = useId();
  const parsed = parseInterval(text ?? String(suggestion?.interval ?? 60));
  const interval = parsed.ok ? parsed.value : null;
  const chosen = useMemo(() => (names ?? []).filter((n) => selected.has(n)), [names, selected]);
  const working = fleet.phase === 'planning' || fleet.phase === 'applying' || fleet.phase === 'undoing';
  const edits = fleet.rows.filter((r) => r.plan?.plan?.kind === 'edit').length;
  const applied = fleet.rows.filter((r) => r.outcome?.outcome === 'applied').length;

  const load = async () => {
    try {
      const snapshot = await api.invoke('hosts:list', { configPath: CONFIG_PATH });
      setNames(literalNames(snapshot.hosts.map((h) => h.pattern)));
      setLoadError(null);
    } catch (err) {
      setLoadError(errorData(err));
    }
  };
  useEffect(() => {
    void load();
    // The list of names comes from the config once; the Hosts view follows its edits.
  }, [api]);

  return (
    <div className="servers-view">
      <section className="card" aria-labelledby={headingId}>
        <h2 id={headingId}>Server keepalive on several servers</h2>
        <p>
          Sets <code>ClientAliveInterval</code> in each server&apos;s sshd over your own ssh, as the &ldquo;Server keepalive&rdquo; of a host
          row does: each server shows its diff first, then each is written on its own (sudo, <code>sshd -t</code> before anything is replaced,
          a backup); one that refuses stops no other.
        </p>
        {loadError && <ErrorCard title="Could not read your SSH config." error={loadError} onRetry={() => void load()} />}
        {names && names.length === 0 && <p className="hint">Your SSH config names no host literally (only patterns): nothing to choose from.</p>}
        {names && names.length > 0 && <HostPicker names={names} selected={selected} onChange={setSelected} disabled={working} />}
        <div className="fleet-controls">
          <IntervalField label="ClientAliveInterval (seconds)" value={text ?? String(suggestion?.interval ?? 60)} onChange={setText} showLabel />
          <label className="checkbox">
            <input type="checkbox" checked={reload} onChange={(e) => setReload(e.target.checked)} disabled={working} /> Reload sshd after the check
          </label>
        </div>
        {suggestion && (
          <p className="hint">
            Suggested for a NAT that forgets idle connections after {formatDuration(natTimeout)}: {suggestion.text}
          </p>
        )}
        <div className="fleet-buttons">
          <button
            type="button"
            className="primary"
            disabled={working || chosen.length === 0 || chosen.length > FLEET_MAX_HOSTS || interval === null}
            onClick={() => interval !== null && void fleet.preview(chosen, { action: 'on', interval })}
          >
            Preview on {chosen.length} server{chosen.length === 1 ? '' : 's'}
          </button>
          <button type="button" disabled={working || chosen.length === 0 || chosen.length > FLEET_MAX_HOSTS} onClick={() => void fleet.preview(chosen, { action: 'off' })}>
            Preview removing it
          </button>
          {fleet.phase === 'planned' && (
            <button type="button" className="primary" disabled={edits === 0} onClick={() => void fleet.apply(reload)}>
              Apply to {edits} server{edits === 1 ? '' : 's'}
            </button>
          )}
          {(fleet.phase === 'applied' || fleet.phase === 'undone') && applied > 0 && (
            <button type="button" onClick={() => void fleet.undo()}>
              Undo on {applied} server{applied === 1 ? '' : 's'}
            </button>
          )}
        </div>
        {fleet.error && (
          <p className="error" role="alert">
            {describeError(fleet.error)}
          </p>
        )}
        {fleet.rows.length > 0 && <FleetList rows={fleet.rows} phase={fleet.phase} />}
      </section>
      <AnsibleExport api={api} configPath={CONFIG_PATH} hosts={chosen} interval={interval} ask={exportPassword.ask} />
      {fleet.password && <PasswordDialog request={fleet.password} />}
      {exportPassword.request && <PasswordDialog request={exportPassword.request} />}
    </div>
  );
}
