import { useId, useState } from 'react';
import type { ServerStatus } from '../../common/contract/system';
import { parseWhole, type Parsed } from '../../common/format/interval';
import { KeepaliveControls } from '../ui/KeepaliveControls';
import { NumberField } from '../ui/NumberField';
import { useIntervalToggle } from '../ui/useIntervalToggle';
import { SettingsList } from './SettingsList';
import { UndoEntry } from './UndoEntry';
import type { ThisComputer } from './useThisComputer';

/** sshd's default ClientAliveCountMax. */
const DEFAULT_COUNT_MAX = 3;

/** 0 = never drop a client that stopped answering. */
const checkCountMax = (text: string): Parsed => {
  const value = parseWhole(text, 0, 100);
  return value === null ? { ok: false, message: 'ClientAliveCountMax must be a whole number from 0 to 100.' } : { ok: true, value };
};

/** The SSH server's own keepalive: ClientAliveInterval and ClientAliveCountMax in sshd_config. */
export function ServerCard({ status, state }: { status: ServerStatus; state: ThisComputer }) {
  const headingId = useId();
  const setting = (keyword: string) => status.settings.find((s) => s.keyword === keyword)?.value;
  const [countMaxText, setCountMaxText] = useState(String(DEFAULT_COUNT_MAX));
  const countMax = parseWhole(countMaxText, 0, 100);
  const toggle = useIntervalToggle(status.keepaliveOn, Number(setting('ClientAliveInterval') ?? 0), 'the SSH server', (change, title) => {
    if (change.action === 'off') return void state.flow.start({ target: 'server', change }, title);
    if (countMax === null) return;
    // Only write ClientAliveCountMax when it differs from what sshd uses now.
    const now = Number(setting('ClientAliveCountMax') ?? DEFAULT_COUNT_MAX);
    void state.flow.start({ target: 'server', change: countMax === now ? change : { ...change, countMax } }, title);
  });
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
        <KeepaliveControls
          toggle={toggle}
          labels={{ switch: 'Server keepalive', interval: 'Server keepalive interval (seconds)' }}
          disabled={!status.supported || (!status.keepaliveOn && (!toggle.parsed.ok || countMax === null))}
          intervalWhileOn={false}
          showLabel
        >
          <NumberField label="ClientAliveCountMax" value={countMaxText} onChange={setCountMaxText} check={checkCountMax} showLabel />
        </KeepaliveControls>
        {status.undo && <UndoEntry undo={status.undo} label="Undo last server change" onUndo={() => state.undo('server')} onDiscard={() => state.discard('server')} />}
      </div>
      <p className="hint">
        Changes go to <code>{status.writeTarget}</code>; sshd reads them after <code>{status.reloadCommand}</code>.
      </p>
    </section>
  );
}
