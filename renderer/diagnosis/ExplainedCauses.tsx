import { useId, useMemo, useState, type ReactNode } from 'react';
import type { HostRow } from '../../common/contract/hosts';
import { DEFAULT_INTERVAL, type KeepaliveIntent, type KeepaliveTarget } from '../../common/contract/keepalive';
import type { ExplainedCause, ExplainResult } from '../../common/diagnosis/schema';
import { parseInterval } from '../../common/format/interval';
import { concreteHost } from '../probe/format';
import { IntervalField } from '../ui/IntervalField';
import { switchTitle } from '../ui/useIntervalToggle';

const ALL = '*';

/** The hosts a keepalive fix can name: every block's first literal name, once. */
function hostChoices(hosts: readonly HostRow[]): string[] {
  return [...new Set(hosts.map((h) => concreteHost(h.pattern)).filter(Boolean))];
}

/** The host the message names ("Connection to db closed.", "Timeout, server db not responding."), if it is one of the user's. */
function hostNamedIn(text: string, choices: readonly string[]): string | null {
  const words = new Set(text.split(/[\s:,]+/).map((w) => w.replace(/\.$/, '')));
  return choices.find((h) => words.has(h)) ?? null;
}

/** "Turn keepalive on for HOST": a host of the config (its block, or a new one) or every host (`Host *`), through the preview. */
function KeepaliveFix({ choices, named, onFix }: { choices: string[]; named: string | null; onFix: (intent: KeepaliveIntent, title: string) => void }) {
  const [host, setHost] = useState(named ?? ALL);
  const [interval, setInterval] = useState(String(DEFAULT_INTERVAL));
  const selectId = useId();
  const parsed = parseInterval(interval);
  const subject = host === ALL ? 'all hosts' : host;
  const target: KeepaliveTarget = host === ALL ? { kind: 'all' } : { kind: 'host', name: host };
  const go = () => parsed.ok && onFix({ configPath: '', target, action: 'on', interval: parsed.value }, switchTitle(subject, { action: 'on', interval: parsed.value }));
  return (
    <div className="explain-fix">
      <label htmlFor={selectId}>Host</label>
      <select id={selectId} value={host} onChange={(e) => setHost(e.target.value)}>
        <option value={ALL}>All hosts (Host *)</option>
        {choices.map((h) => (
          <option key={h} value={h}>
            {h}
          </option>
        ))}
      </select>
      <IntervalField label="Keepalive interval (seconds)" showLabel value={interval} onChange={setInterval} onSubmit={go} />
      <button type="button" className="primary" disabled={!parsed.ok} onClick={go}>
        Turn keepalive on for {subject}
        {parsed.ok ? ` (every ${parsed.value} s)` : ''}
      </button>
    </div>
  );
}

function CauseItem({ cause: c, first, fix }: { cause: ExplainedCause; first: boolean; fix: ReactNode }) {
  return (
    <li className="explain-cause" data-cause={c.id}>
      <p className="cause-summary">
        {first ? 'Most likely: ' : 'Also possible: '}
        {c.summary}
      </p>
      <dl className="cause-facts">
        <div>
          <dt>What it means</dt>
          <dd data-field="meaning">{c.meaning}</dd>
        </div>
        <div>
          <dt>The fix</dt>
          <dd data-field="fix">{c.fix}</dd>
        </div>
        {c.appFix === 'server-keepalive' && (
          <div>
            <dt>Who</dt>
            <dd>The server&apos;s administrator sets ClientAliveInterval; when the server is this computer, the This computer tab does it.</dd>
          </div>
        )}
      </dl>
      {fix}
    </li>
  );
}

/** What `diagnosis:explain` answered: the lines it recognised, then the causes, most likely first. */
export function ExplainedCauses({ result, text, hosts, onFix }: { result: ExplainResult; text: string; hosts: readonly HostRow[]; onFix: (intent: KeepaliveIntent, title: string) => void }) {
  const choices = useMemo(() => hostChoices(hosts), [hosts]);
  const named = useMemo(() => hostNamedIn(text, choices), [text, choices]);
  const headingId = useId();
  const firstFixable = result.causes.find((c) => c.appFix === 'client-keepalive')?.id;
  return (
    <div className="explain-result result-card" role="status" aria-labelledby={headingId}>
      <h3 id={headingId}>{result.matches.length ? 'Recognised' : 'No line tells why the session ended'}</h3>
      {result.matches.length > 0 && (
        <ul className="explain-matches">
          {result.matches.map((m, i) => (
            <li key={i} data-field="match">
              <code>{m.line}</code> ({m.printedBy}): {m.note}
            </li>
          ))}
        </ul>
      )}
      <ul className="causes explain-causes" aria-label="Causes, most likely first">
        {result.causes.map((c, i) => (
          // One fix form, under the first cause keepalive fixes: the others name the same change.
          <CauseItem key={c.id} cause={c} first={i === 0} fix={c.id === firstFixable ? <KeepaliveFix choices={choices} named={named} onFix={onFix} /> : null} />
        ))}
      </ul>
    </div>
  );
}
