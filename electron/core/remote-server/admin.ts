import type { RemoteChange } from './intent';
import { changeLines } from './intent';
import type { RemoteFileEdit } from './types';

/**
 * The change written out for an administrator of the server (for a user without sudo rights):
 * the exact lines per file, then the check and the reload, so nothing is left to guess.
 */
export function adminInstructions(host: string, change: RemoteChange, edits: readonly RemoteFileEdit[] | null): string {
  const out: string[] = [`Please make this change as root on ${host}:`, ''];
  if (edits && edits.length > 0) {
    for (const e of edits) {
      if (e.action === 'create') {
        out.push(`Create ${e.file} (mode 0644, owner root) with:`);
        for (const l of (e.after ?? '').replace(/\n$/, '').split('\n')) out.push(`    ${l}`);
      } else if (e.action === 'delete') {
        out.push(`Delete ${e.file}.`);
      } else {
        out.push(`In ${e.file}:`);
        for (const d of e.diff) {
          if (d.kind === 'remove') out.push(`    remove line ${d.oldLine}: ${d.text}`);
          else if (d.kind === 'add') out.push(`    add as line ${d.newLine}:   ${d.text}`);
        }
      }
      out.push('');
    }
  } else {
    const lines = changeLines(change).map((l) => (l.startsWith('set ') ? l.slice(4) : `(remove) ${l.slice(6)}`));
    out.push('If /etc/ssh/sshd_config has "Include /etc/ssh/sshd_config.d/*.conf" near the top, put these lines in');
    out.push('/etc/ssh/sshd_config.d/50-ssh-keepalive.conf; otherwise put them in /etc/ssh/sshd_config before the first Match line:');
    for (const l of lines) out.push(`    ${l}`);
    out.push('');
  }
  out.push('Then check the config and reload sshd (existing sessions keep their old settings):');
  out.push('    sshd -t && (systemctl reload ssh || systemctl reload sshd)');
  return out.join('\n');
}
