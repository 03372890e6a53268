import { useId, useState } from 'react';
import type { KeepaliveApi } from '../../common/contract/channels';
import { AnsibleAlias } from '../../common/contract/remote-server';
import type { ServerAnswer } from '../../common/remote-server/password-retry';
import { describeError } from '../../common/format/error';
import { downloadFile } from '../sessions/download';
import { useAnsible } from './useAnsible';

interface Props {
  api: KeepaliveApi;
  configPath: string;
  hosts: readonly string[];
  interval: number | null;
  /** The app's sudo password dialog (for ansible-playbook's become). */
  ask: (waiting: readonly ServerAnswer[]) => Promise<string | null>;
}

function download(name: string, text: string): void {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  downloadFile({ name, mediaType: 'text/plain', base64: btoa(bin) });
}

/**
 * "Export to Ansible": the inventory (each host as `ssh -G` resolves it), the idempotent playbook and
 * a cloud-init snippet; download them or save them to a folder, and run the playbook here when
 * ansible-playbook is installed (its output as it comes), or read how to install it.
 */
export function AnsibleExport({ api, configPath, hosts, interval, ask }: Props) {
  const a = useAnsible(api, configPath);
  const [becomePassword, setBecomePassword] = useState(false);
  const headingId = useId();
  const names = hosts.filter((h) => AnsibleAlias.safeParse(h).success);
  const left = hosts.length - names.length;
  const e = a.exported;

  const run = async (check: boolean) => {
    const password = becomePassword ? await ask(names.map((host) => ({ host, failure: 'needs-password', message: '' }))) : null;
    if (becomePassword && !password) return;
    await a.run(check, password);
  };

  return (
    <section className="card ansible-export" aria-labelledby={headingId}>
      <h2 id={headingId}>Export to Ansible</h2>
      <p>
        For many servers, or servers you already manage with Ansible: an inventory from your SSH config (each host as <code>ssh -G</code>{' '}
        resolves it), a playbook that writes the same lines the app writes (checked with <code>sshd -t</code> first; sshd reloaded only when
        something changed; running it again changes nothing) and a cloud-init snippet for new servers.
      </p>
      <div className="ansible-actions">
        <button type="button" className="primary" disabled={names.length === 0 || interval === null || a.busy !== null} onClick={() => interval !== null && void a.exportTo(names, interval, 'app')}>
          {a.busy === 'export' ? 'Exporting…' : `Export ${names.length} server${names.length === 1 ? '' : 's'}`}
        </button>
        {left > 0 && <span className="hint">{left} chosen name(s) cannot be Ansible inventory names and are left out.</span>}
      </div>
      {a.error && (
        <p className="error" role="alert">
          {describeError(a.error)}
        </p>
      )}
      {e && (
        <div className="ansible-result" data-field="ansible-export">
          <ul className="ansible-files">
            {e.files.map((f) => (
              <li key={f.name}>
                <code>{f.name}</code>{' '}
                <button type="button" className="small" onClick={() => download(f.name, f.text)} aria-label={`Download ${f.name}`}>
                  Download
                </button>
              </li>
            ))}
          </ul>
          {api.shell === 'electron' && (
            <button type="button" disabled={a.busy !== null || interval === null} onClick={() => interval !== null && void a.exportTo(names, interval, 'pick')}>
              Save to a folder…
            </button>
          )}
          {e.warnings.map((w) => (
            <p key={w} className="note">
              {w}
            </p>
          ))}
          <p className="hint">
            Run it yourself: <code>{e.command}</code> (preview: add <code>--check --diff</code>; sudo with a password: add <code>--ask-become-pass</code>).
          </p>
          {e.ansible.path ? (
            <div className="ansible-run">
              <label className="checkbox">
                <input type="checkbox" checked={becomePassword} onChange={(ev) => setBecomePassword(ev.target.checked)} /> sudo asks for a password on these
                servers (asked before the run, given to ansible-playbook only)
              </label>
              <button type="button" disabled={a.busy !== null} onClick={() => void run(true)}>
                Check what would change
              </button>
              <button type="button" disabled={a.busy !== null} onClick={() => void run(false)}>
                {a.busy === 'run' ? 'Running…' : 'Run ansible-playbook'}
              </button>
            </div>
          ) : (
            <p className="note" data-field="ansible-missing">
              ansible-playbook is not installed on this computer. {e.ansible.installHint}
            </p>
          )}
          {(a.lines.length > 0 || a.busy === 'run') && (
            <pre className="ansible-log" role="log" aria-label="ansible-playbook output" tabIndex={0}>
              {a.lines.join('\n')}
            </pre>
          )}
          {a.result && a.result.installed && (
            <p role="status" data-field="ansible-result">
              ansible-playbook exited {a.result.exitCode ?? 'without a code'}:{' '}
              {a.result.recap.map((r) => `${r.host} ${r.changed} changed, ${r.failed + r.unreachable} failed`).join('; ') || 'no hosts ran'}.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
