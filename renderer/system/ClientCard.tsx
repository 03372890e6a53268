import { useId } from 'react';
import type { SystemClientStatus } from '../../common/contract/system';
import { KeepaliveControls } from '../ui/KeepaliveControls';
import { useIntervalToggle } from '../ui/useIntervalToggle';
import { SettingsList } from './SettingsList';
import { UndoEntry } from './UndoEntry';
import type { ThisComputer } from './useThisComputer';

/** Keepalive for every user's ssh: ServerAliveInterval in the system client config. */
export function ClientCard({ status, state }: { status: SystemClientStatus; state: ThisComputer }) {
  const headingId = useId();
  const interval = Number(status.settings.find((s) => s.keyword === 'ServerAliveInterval')?.value ?? 0);
  const toggle = useIntervalToggle(status.keepaliveOn, interval, 'all users', (change, title) => void state.flow.start({ target: 'system', change }, title));
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
        <KeepaliveControls
          toggle={toggle}
          labels={{ switch: 'Keepalive for all users', interval: 'Interval for all users (seconds)' }}
          disabled={!status.supported || (!status.keepaliveOn && !toggle.parsed.ok)}
          intervalWhileOn={false}
          showLabel
        />
        {status.undo && <UndoEntry undo={status.undo} label="Undo last change" onUndo={() => state.undo('system')} onDiscard={() => state.discard('system')} />}
      </div>
      <p className="hint">
        Changes go to <code>{status.writeTarget}</code>.
      </p>
    </section>
  );
}
