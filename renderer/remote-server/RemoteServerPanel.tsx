import { useEffect, useId, useState } from 'react';
import type { HostRow } from '../../common/contract/hosts';
import type { KeepaliveApi } from '../../common/contract/channels';
import { ProbeHost } from '../../common/contract/probe';
import { formatDuration } from '../../common/format/duration';
import { suggestServerInterval } from '../../common/remote-server/suggest';
import { concreteHost } from '../probe/format';
import { SettingsList } from '../system/SettingsList';
import { ErrorCard } from '../ui/ErrorCard';
import { KeepaliveControls } from '../ui/KeepaliveControls';
import { NoticeBar } from '../ui/NoticeBar';
import { useIntervalToggle } from '../ui/useIntervalToggle';
import { useNatTimeout } from '../ui/useNatTimeout';
import { AdminLines } from './AdminLines';
import { PasswordDialog } from './PasswordDialog';
import { RemoteChangeDialog } from './RemoteChangeDialog';
import { useRemoteServer } from './useRemoteServer';
import './remote-server.css';

/** What a host row gives its panels (renderer/hosts/rowActions.tsx's HostRowContext). */
export interface RemoteServerPanelProps {
  api: KeepaliveApi;
  host: HostRow;
}

/** '' = what `ssh HOST` reads by itself (the web host maps it to the config it serves). */
const CONFIG_PATH = '';

/**
 * "Server keepalive for HOST": that server's sshd as it says itself (ClientAliveInterval,
 * ClientAliveCountMax, TCPKeepAlive with the file:line behind each, read without root), and a switch
 * that sets or removes ClientAliveInterval there: the server's own diff first, then sudo (a password
 * only if sudo asks for one), `sshd -t` before anything is replaced, a backup, and Undo.
 */
export function RemoteServerPanel({ api, host: row }: RemoteServerPanelProps) {
  const [natTimeout] = useNatTimeout();
  // A block for many hosts (wildcards) has no one server: the user names one.
  const [typed, setTyped] = useState(() => concreteHost(row.pattern));
  const host = typed.trim();
  const valid = ProbeHost.safeParse(host).success;
  const s = useRemoteServer(api, CONFIG_PATH, valid ? host : '');
  const { status, flow } = s;
  const fieldId = useId();
  const statusId = useId();

  // The row's own host is read when the panel opens (one ssh connection); another, when asked.
  useEffect(() => {
    if (concreteHost(row.pattern)) void s.load();
  }, []);

  const interval = Number(status?.settings.find((x) => x.keyword === 'ClientAliveInterval')?.value ?? 0);
  const suggestion = natTimeout >= 2 ? suggestServerInterval(natTimeout, status?.sshdVersion) : null;
  const on = status?.keepaliveOn ?? false;
  const toggle = useIntervalToggle(on, interval, `the SSH server on ${host}`, (change, title) => void flow.start({ host, change }, title));
  const { setText } = toggle;
  // Off: the field starts at the suggestion for this NAT and this server's version.
  useEffect(() => {
    if (status && !on && suggestion) setText(String(suggestion.interval));
  }, [status, on, suggestion?.interval, setText]);

  return (
    <div className="remote-server-panel" data-remote-host={host}>
      <h3>Server keepalive for {host || row.pattern}</h3>
      <p className="hint">
        Sets <code>ClientAliveInterval</code> in that server&apos;s sshd, over your own ssh: the server shows the diff first, the change is
        written through sudo (your password only where sudo asks for one, not kept), checked with <code>sshd -t</code> before anything is
        replaced, with a backup that Undo restores.
      </p>
      <div className="remote-server-target">
        <label htmlFor={fieldId}>Server</label>
        <input id={fieldId} type="text" value={typed} spellCheck={false} autoCapitalize="off" placeholder="name.example.com" aria-invalid={host !== '' && !valid} onChange={(e) => setTyped(e.target.value)} />
        <button type="button" disabled={!valid || s.loading} onClick={() => void s.load()}>
          {status ? 'Read again' : 'Read its settings'}
        </button>
      </div>
      <div id={statusId} aria-live="polite">
        {s.loading && <p className="hint">Connecting to {host}…</p>}
      </div>
      {s.loadError && !s.loading && <ErrorCard title={`Could not read the SSH server on ${host}.`} error={s.loadError} onRetry={() => void s.load()} />}
      {status && (
        <div className="remote-server-status" data-field="remote-status">
          <p className="hint">
            {status.sshdVersion?.replace('_', ' ') ?? 'OpenSSH (version unknown)'} on {status.host}, read as <code>{status.loginUser}</code>
            {status.readAs === 'sudo' ? ' through sudo' : ''}, as sshd itself says for your connection:
          </p>
          {status.note && <p className="note">{status.note}</p>}
          {status.problem && <p className="note">{status.problem}</p>}
          <SettingsList settings={status.settings} conditional={status.conditional} conditionalLabel="Match blocks that override these for some connections:" />
          <div className="all-hosts-controls">
            <KeepaliveControls
              toggle={toggle}
              labels={{ switch: `Server keepalive for ${host}`, interval: `ClientAliveInterval for ${host} (seconds)`, set: `Set ClientAliveInterval for ${host}` }}
              disabled={!status.supported || !status.installed}
              showLabel
            />
            {status.undo && (
              <button type="button" onClick={s.undo}>
                Undo last change there ({status.undo.description})
              </button>
            )}
          </div>
          {suggestion && (
            <p className="hint" data-field="suggestion">
              Suggested for a NAT that forgets idle connections after {formatDuration(natTimeout)}: {suggestion.text}
            </p>
          )}
          <p className="hint">
            Changes go to <code>{status.writeTarget}</code>; sshd reads them after <code>{status.reloadCommand}</code> (open sessions stay connected).
          </p>
        </div>
      )}
      <NoticeBar ref={flow.noticeRef} notice={flow.notice} busy={flow.busy} onDismiss={flow.dismiss} testId="remote-server-notice" />
      {s.admin && <AdminLines host={host} lines={s.admin} />}
      {flow.pending && <RemoteChangeDialog key={JSON.stringify(flow.pending.preview.plan)} flow={flow} />}
      {s.password && <PasswordDialog request={s.password} />}
    </div>
  );
}
