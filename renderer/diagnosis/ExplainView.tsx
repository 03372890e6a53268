import { useId, useState, type FormEvent } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import { EXPLAIN_MAX_TEXT } from '../../common/contract/diagnosis';
import type { AppErrorData } from '../../common/contract/errors';
import type { ExplainResult } from '../../common/diagnosis/schema';
import { describeError } from '../../common/format/error';
import { errorData } from '../api';
import { KeepaliveDialog, KeepaliveNotice } from '../ui/KeepaliveFlowParts';
import { useKeepaliveFlow } from '../ui/keepaliveChange';
import { useConfigSnapshot } from '../ui/useConfigSnapshot';
import { useNatTimeout } from '../ui/useNatTimeout';
import { ExplainedCauses } from './ExplainedCauses';
import './diagnosis.css';

/** '' = the platform default config; the web host maps it to the file it was started for. */
const CONFIG_PATH = '';

/**
 * "What did the terminal say?": a pasted message (and ssh's exit status, when known) explained:
 * the line recognised, the cause, what it means, the fix, and a one-click keepalive fix for a host
 * through the usual preview (its diff), apply and undo.
 */
export function ExplainView({ api }: { api: KeepaliveApi }) {
  const [natTimeout] = useNatTimeout();
  const { snapshot, replace, reload } = useConfigSnapshot(api, CONFIG_PATH, natTimeout);
  const flow = useKeepaliveFlow(api, replace, reload, CONFIG_PATH);
  const [text, setText] = useState('');
  const [status, setStatus] = useState('');
  const [result, setResult] = useState<ExplainResult | null>(null);
  const [explained, setExplained] = useState('');
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const headingId = useId();
  const textId = useId();
  const textHintId = useId();
  const statusId = useId();
  const statusHintId = useId();
  const statusValid = /^\s*(\d{1,3})?\s*$/.test(status) && (status.trim() === '' || Number(status) <= 255);

  const explain = (e?: FormEvent) => {
    e?.preventDefault();
    if (!text.trim() || !statusValid || busy) return;
    setBusy(true);
    setError(null);
    // Of a long scrollback, the end: that is where ssh says why it ended.
    const sent = text.length > EXPLAIN_MAX_TEXT ? text.slice(-EXPLAIN_MAX_TEXT) : text;
    api
      .invoke('diagnosis:explain', { text: sent, exitStatus: status.trim() === '' ? null : Number(status) })
      .then(
        (r) => {
          setResult(r);
          setExplained(sent);
        },
        (err: unknown) => setError(errorData(err)),
      )
      .finally(() => setBusy(false));
  };

  return (
    <div className="explain-view">
      <KeepaliveNotice flow={flow} snapshot={snapshot} />
      <section className="card" aria-labelledby={headingId}>
        <h2 id={headingId}>What did the terminal say?</h2>
        <form className="explain-form" onSubmit={explain}>
          <label htmlFor={textId} className="field-label">
            The last lines ssh, PuTTY or WinSCP printed
          </label>
          <textarea
            id={textId}
            rows={6}
            value={text}
            spellCheck={false}
            autoCapitalize="off"
            aria-describedby={textHintId}
            placeholder="client_loop: send disconnect: Broken pipe"
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) explain();
            }}
          />
          <p id={textHintId} className="hint">
            Paste as much as you like (Ctrl+Enter explains); nothing leaves this computer.
          </p>
          <div className="explain-row">
            <label htmlFor={statusId}>ssh&apos;s exit status (optional)</label>
            <input
              id={statusId}
              className="explain-status"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              value={status}
              aria-invalid={statusValid ? undefined : true}
              aria-describedby={statusHintId}
              onChange={(e) => setStatus(e.target.value)}
            />
            <span id={statusHintId} className="hint">
              {statusValid ? <>From <code>echo $?</code> right after ssh ended: 255 means ssh or the server ended it.</> : 'A number from 0 to 255.'}
            </span>
          </div>
          <div>
            <button type="submit" className="primary" disabled={busy || !text.trim() || !statusValid}>
              Explain
            </button>
          </div>
        </form>
        {error && (
          <p className="error" role="alert">
            Could not explain: {describeError(error)}
          </p>
        )}
        <div aria-live="polite">{result && <ExplainedCauses result={result} text={explained} hosts={snapshot?.hosts ?? []} onFix={(intent, title) => void flow.start(intent, title)} />}</div>
      </section>
      <KeepaliveDialog flow={flow} snapshot={snapshot} />
    </div>
  );
}
