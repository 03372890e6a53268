import { useId, useState, type Ref } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import { DEFAULT_INTERVAL } from '../../common/contract/keepalive';
import { describeError, parseInterval } from '../hosts/format';
import { IntervalField } from '../ui/IntervalField';
import { KeepaliveSwitch } from '../ui/KeepaliveSwitch';
import { ChangeDialog } from './ChangeDialog';
import { SettingsList } from './SettingsList';
import { useThisComputer, type SystemNotice } from './useThisComputer';
import './server.css';

/**
 * "This computer": keepalive for every user's ssh (system ssh_config) and, when an SSH server is
 * installed, the server's own keepalive (sshd_config). Both need admin rights: each switch shows the
 * diff first, then the OS asks for the password once, then the outcome is reported here.
 */
export function ThisComputerSection({ api }: { api: KeepaliveApi }) {
  const state = useThisComputer(api);
  const { client, server } = state;
  return (
    <div className="this-computer">
      <NoticeLine ref={state.noticeRef} notice={state.notice} onDismiss={() => state.setNotice(null)} />
      {state.loadError && (
        <div className="card error-card" role="alert">
          <p>
            <strong>Could not read the system SSH configuration.</strong> {describeError(state.loadError)}
          </p>
          <button type="button" onClick={() => void state.reload()}>
            Try again
          </button>
        </div>
      )}
      {!client && !state.loadError && <p className="hint">Reading the system SSH configuration…</p>}
      {client && <ClientCard state={state} />}
      {server && server.installed && <ServerCard state={state} />}
      {server && !server.installed && (
        <section className="card" aria-labelledby="no-server-heading">
          <h2 id="no-server-heading">SSH server</h2>
          <p>No SSH server (sshd) is installed on this computer, so there is nothing to set here.</p>
        </section>
      )}
      {state.pending && (
        <ChangeDialog change={state.pending} busy={state.busy} error={state.dialogError} onApply={(r) => void state.apply(r)} onCancel={state.cancel} />
      )}
    </div>
  );
}

type State = ReturnType<typeof useThisComputer>;

function NoticeLine({ ref, notice, onDismiss }: { ref: Ref<HTMLDivElement>; notice: SystemNotice | null; onDismiss: () => void }) {
  const problem = notice?.kind === 'error';
  const lead = { applied: 'Done.', undone: 'Undone.', cancelled: 'Cancelled.', nothing: 'No change needed.' } as const;
  return (
    <div className="notice-area">
      <div ref={ref} tabIndex={-1} role={problem ? 'alert' : 'status'} className={notice ? `notice notice-${problem ? 'error' : notice.kind === 'cancelled' ? 'undone' : 'applied'}` : 'notice notice-empty'} data-testid="system-notice">
        {notice && notice.kind !== 'error' && (
          <p>
            {notice.kind !== 'cancelled' && <strong>{lead[notice.kind]} </strong>}
            {notice.text}
          </p>
        )}
        {notice?.kind === 'error' && (
          <p>
            <strong>Nothing was changed.</strong> {describeError(notice.error)}
          </p>
        )}
      </div>
      {notice && (
        <button type="button" className="link" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}

function ClientCard({ state }: { state: State }) {
  const status = state.client!;
  const [interval, setIntervalText] = useState(String(DEFAULT_INTERVAL));
  const headingId = useId();
  const parsed = parseInterval(interval);
  const toggle = () => {
    if (status.keepaliveOn) void state.start('system', { action: 'off' }, 'Turn keepalive off for all users');
    else if (parsed.ok) void state.start('system', { action: 'on', interval: parsed.value }, `Turn keepalive on for all users (every ${parsed.value} s)`);
  };
  return (
    <section className="card" aria-labelledby={headingId} data-card="system-client">
      <h2 id={headingId}>Keepalive for all users of this computer</h2>
      <p>
        Sets <code>ServerAliveInterval</code> in <code>{status.configPath}</code>, so every user's <code>ssh</code> sends a keepalive through
        the encrypted channel when a session is idle. A user's own <code>~/.ssh/config</code> still comes first.
      </p>
      {status.note && <p className="note">{status.note}</p>}
      {status.problem && (
        <p className="error" role="alert">
          {status.problem}
        </p>
      )}
      <SettingsList settings={status.settings} conditional={status.conditional} conditionalLabel="Set differently for some hosts:" />
      <div className="all-hosts-controls">
        <KeepaliveSwitch label="Keepalive for all users" checked={status.keepaliveOn} disabled={!status.supported || state.busy || (!status.keepaliveOn && !parsed.ok)} onToggle={toggle} />
        {!status.keepaliveOn && <IntervalField label="Interval for all users (seconds)" value={interval} onChange={setIntervalText} onSubmit={toggle} showLabel />}
        {status.undo && (
          <button type="button" onClick={() => void state.undo('system')} disabled={state.busy}>
            Undo last change ({status.undo.description})
          </button>
        )}
      </div>
      <p className="hint">
        Changes go to <code>{status.writeTarget}</code>.
      </p>
    </section>
  );
}

function ServerCard({ state }: { state: State }) {
  const status = state.server!;
  const [interval, setIntervalText] = useState(String(DEFAULT_INTERVAL));
  const [countMax, setCountMax] = useState('3');
  const headingId = useId();
  const countId = useId();
  const parsed = parseInterval(interval);
  const count = /^\d+$/.test(countMax.trim()) && Number(countMax) <= 100 ? Number(countMax) : null;
  const toggle = () => {
    if (status.keepaliveOn) void state.start('server', { action: 'off' }, 'Turn server keepalive off');
    else if (parsed.ok && count !== null) {
      // Only write ClientAliveCountMax when it differs from what sshd uses now (default 3).
      const current = Number(status.settings.find((x) => x.keyword === 'ClientAliveCountMax')?.value ?? '3');
      const request = count === current ? { action: 'on' as const, interval: parsed.value } : { action: 'on' as const, interval: parsed.value, countMax: count };
      void state.start('server', request, `Turn server keepalive on (every ${parsed.value} s)`);
    }
  };
  return (
    <section className="card" aria-labelledby={headingId} data-card="server">
      <h2 id={headingId}>SSH server on this computer</h2>
      <p>
        Server-side keepalive (<code>ClientAliveInterval</code>) makes <code>sshd</code> send a keepalive to idle clients. It is worth it on
        bastion and jump hosts that many people reach from home and hotel networks: their connections stay open without each person
        configuring their own client. <code>ClientAliveCountMax</code> is how many unanswered keepalives sshd accepts before it drops the
        client: with 60 s and 3, a client that vanished is disconnected after about 3 minutes (0 = never drop).
      </p>
      {status.note && <p className="note">{status.note}</p>}
      {status.problem && (
        <p className="error" role="alert">
          sshd reports a problem with its configuration: {status.problem}
        </p>
      )}
      <p className="hint">Values as <code>sshd -T</code> reports them, with the line that decides each:</p>
      <SettingsList settings={status.settings} conditional={status.conditional} conditionalLabel="Match blocks that override these for some connections:" />
      <div className="all-hosts-controls">
        <KeepaliveSwitch label="Server keepalive" checked={status.keepaliveOn} disabled={!status.supported || state.busy || (!status.keepaliveOn && (!parsed.ok || count === null))} onToggle={toggle} />
        {!status.keepaliveOn && (
          <>
            <IntervalField label="Server keepalive interval (seconds)" value={interval} onChange={setIntervalText} onSubmit={toggle} showLabel />
            <span className="interval-field">
              <label htmlFor={countId} className="field-label">
                ClientAliveCountMax
              </label>
              <input
                id={countId}
                className="interval-input"
                type="text"
                inputMode="numeric"
                value={countMax}
                aria-invalid={count === null}
                aria-describedby={count === null ? `${countId}-message` : undefined}
                onChange={(e) => setCountMax(e.target.value)}
              />
              {count === null && (
                <span id={`${countId}-message`} className="field-error" role="alert">
                  ClientAliveCountMax must be a whole number from 0 to 100.
                </span>
              )}
            </span>
          </>
        )}
        {status.undo && (
          <button type="button" onClick={() => void state.undo('server')} disabled={state.busy}>
            Undo last server change ({status.undo.description})
          </button>
        )}
      </div>
      <p className="hint">
        Changes go to <code>{status.writeTarget}</code>; sshd reads them after <code>{status.reloadCommand}</code>.
      </p>
    </section>
  );
}
