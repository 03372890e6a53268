import type { KeepaliveApi } from '../../common/contract/channels';
import { ErrorCard } from '../ui/ErrorCard';
import { NoticeBar } from '../ui/NoticeBar';
import { ClientCard } from './ClientCard';
import { ServerCard } from './ServerCard';
import { SystemChangeDialog } from './SystemChangeDialog';
import { useThisComputer } from './useThisComputer';
import './server.css';

/**
 * "This computer": keepalive for every user's ssh (system ssh_config) and, when an SSH server is
 * installed, the server's own keepalive (sshd_config). Both need admin rights: each switch shows the
 * diff first, then the OS asks for the password once, then the outcome is reported here.
 */
export function ThisComputerSection({ api }: { api: KeepaliveApi }) {
  const state = useThisComputer(api);
  const { client, server, flow } = state;
  return (
    <div className="this-computer">
      <NoticeBar ref={flow.noticeRef} notice={flow.notice} busy={flow.busy} onDismiss={flow.dismiss} testId="system-notice" />
      {state.loadError && <ErrorCard title="Could not read the system SSH configuration." error={state.loadError} onRetry={() => void state.reload()} />}
      {!client && !state.loadError && <p className="hint">Reading the system SSH configuration…</p>}
      {client && <ClientCard status={client} state={state} />}
      {server && server.installed && <ServerCard status={server} state={state} />}
      {server && !server.installed && (
        <section className="card" aria-labelledby="no-server-heading">
          <h2 id="no-server-heading">SSH server</h2>
          <p>No SSH server (sshd) is installed on this computer, so there is nothing to set here.</p>
        </section>
      )}
      {flow.pending && <SystemChangeDialog key={JSON.stringify(flow.pending.preview)} flow={flow} />}
    </div>
  );
}
