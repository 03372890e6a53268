import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import type { AppErrorData } from '../../common/contract/errors';
import type { KeepaliveIntent } from '../../common/contract/keepalive';
import type { HostLookup } from '../../common/contract/lookup';
import { describeError } from '../../common/format/error';
import { routeText } from '../../common/format/route';
import { verdictText } from '../../common/nat/verdict';
import { NO_BREAK } from '../../common/format/duration';
import { errorData } from '../api';
import { FileRef } from '../ui/FileRef';
import { switchTitle } from '../ui/useIntervalToggle';
import { FixButton } from './FixButton';
import './which.css';

interface Props {
  api: KeepaliveApi;
  configPath: string;
  natTimeout: number;
  /** Changes whenever the config is read again: a shown answer is asked again. */
  version: unknown;
  fixInterval: number;
  onChange: (intent: KeepaliveIntent, title: string) => void;
}

/**
 * "Which settings apply to NAME?": any name the user would type after `ssh`, including one only a
 * wildcard or a Match matches, answered as `ssh -G NAME` (hosts:lookup) with the line that decides
 * each value and the blocks that applied, in the order ssh read them.
 */
export function WhichHost({ api, configPath, natTimeout, version, fixInterval, onChange }: Props) {
  const [text, setText] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const [answer, setAnswer] = useState<HostLookup | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const headingId = useId();
  const inputId = useId();
  const seq = useRef(0);

  useEffect(() => {
    if (asked === null) return;
    const mine = ++seq.current;
    // Only the newest question's answer is shown (a slower earlier one may arrive after it).
    api.invoke('hosts:lookup', { configPath, name: asked, natTimeoutSeconds: natTimeout }).then(
      (r) => {
        if (mine !== seq.current) return;
        setAnswer(r);
        setError(null);
      },
      (err: unknown) => {
        if (mine !== seq.current) return;
        setAnswer(null);
        setError(errorData(err));
      },
    );
  }, [api, configPath, asked, natTimeout, version]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const name = text.trim();
    if (name) setAsked(name);
  };

  return (
    <section className="card which-host" aria-labelledby={headingId}>
      <h2 id={headingId}>Which settings apply to a host?</h2>
      <form className="which-form" onSubmit={submit}>
        <label htmlFor={inputId} className="field-label">
          Host name, as you type it after <code>ssh</code>
        </label>
        <input id={inputId} type="text" value={text} autoComplete="off" spellCheck={false} onChange={(e) => setText(e.target.value)} />
        <button type="submit">Show settings</button>
      </form>
      <div aria-live="polite">
        {error && (
          <p className="error" role="alert">
            {describeError(error)}
          </p>
        )}
        {answer && <Answer api={api} answer={answer} configPath={configPath || answer.configPath} fixInterval={fixInterval} onChange={onChange} />}
      </div>
    </section>
  );
}

function Answer({ api, answer: a, configPath, fixInterval, onChange }: { api: KeepaliveApi; answer: HostLookup; configPath: string; fixInterval: number; onChange: Props['onChange'] }) {
  const status = !a.decided ? 'depends' : a.verdict.protected ? 'ok' : 'bad';
  const fix = () => onChange({ configPath: '', target: { kind: 'host', name: a.name }, action: 'on', interval: fixInterval }, switchTitle(a.name, { action: 'on', interval: fixInterval }, 'interval'));
  return (
    <div className="which-answer" data-lookup={a.name}>
      <p className={`outcome-${status}`} data-field="verdict">
        <span className={`dot dot-${status}`} aria-hidden="true" />
        <code>ssh {a.name}</code>: {a.verdict.facts ? verdictText(a.verdict.facts, NO_BREAK) : a.verdict.text}
        {!a.decided && a.undecidedReason && <span className="note"> ({a.undecidedReason})</span>}
      </p>
      {status === 'bad' && (
        <p>
          <FixButton subject={a.name} interval={fixInterval} onFix={fix} />{' '}
          <span className="hint">{a.ownBlock ? 'Changes its own Host block.' : `No block names ${a.name}: adds a Host ${a.name} block where ssh reads it first.`}</span>
        </p>
      )}
      <p className="hint">Reached {routeText(a.route)}.</p>
      <table className="which-table">
        <caption className="visually-hidden">Settings ssh uses for {a.name}</caption>
        <thead>
          <tr>
            <th scope="col">Keyword</th>
            <th scope="col">Value</th>
            <th scope="col">Decided by</th>
          </tr>
        </thead>
        <tbody>
          {a.settings.map((s) => (
            <tr key={s.keyword} data-keyword={s.keyword}>
              <th scope="row">{s.keyword}</th>
              <td data-value>
                <code>{s.value}</code>
              </td>
              <td data-source>
                {s.line ? (
                  <>
                    <FileRef api={api} file={s.line.file} line={s.line.line} configPath={configPath} className="source" /> <code className="which-line">{s.line.text.trim()}</code>
                  </>
                ) : (
                  <span className="muted">OpenSSH default</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{a.blocks.length ? 'Blocks that apply, in the order ssh reads them (the first value it reads wins):' : 'No block applies: every value is the default.'}</p>
      <ol className="which-blocks">
        {a.blocks.map((b) => (
          <li key={`${b.file}:${b.line}`}>
            {b.line > 0 ? <FileRef api={api} file={b.file} line={b.line} configPath={configPath} className="source" /> : null} <code>{b.text.trim()}</code>
          </li>
        ))}
      </ol>
    </div>
  );
}
