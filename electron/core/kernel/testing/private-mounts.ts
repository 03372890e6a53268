import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Root tests and labs run real programs (sshd, the helper, the remote program) against private
 * copies of system files: a private mount namespace where a scratch file or directory is
 * bind-mounted over /etc/ssh, /etc/passwd, a home…, so the machine's own are never touched.
 */

/** One bind mount: `source` is what is seen at `target` inside the namespace. */
export type Bind = readonly [source: string, target: string];

/**
 * The argv that runs `argv` in a new private mount namespace with `binds` mounted, and each path
 * of `readOnly` made read-only there (a write that fails half way). The paths reach sh as
 * positional parameters, never as script text; `label` is sh's $0 (it names the errors).
 */
export function privateMountsArgv(label: string, binds: readonly Bind[], argv: readonly string[], readOnly: readonly string[] = []): string[] {
  const mounts = binds.map((_, i) => `mount --bind "\${${2 * i + 1}}" "\${${2 * i + 2}}"`);
  const ro = readOnly.map((_, j) => {
    const n = `"\${${2 * binds.length + j + 1}}"`;
    return `mount --bind ${n} ${n} && mount -o remount,bind,ro ${n}`;
  });
  const params = 2 * binds.length + readOnly.length;
  const script = [...mounts, ...ro, `shift ${params}`, 'exec "$@"'].join(' && ');
  return ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', script, label, ...binds.flat(), ...readOnly, ...argv];
}

/** Whether private mounts work here (Linux, root, unshare permitted) and `tools` are installed; why not. */
export function canUsePrivateMounts(tools: readonly string[]): { ok: boolean; reason: string } {
  if (process.platform !== 'linux') return { ok: false, reason: 'needs Linux mount namespaces' };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'needs root (CI runs as root)' };
  for (const tool of tools) {
    if (!existsSync(tool)) return { ok: false, reason: `${tool} is not installed` };
  }
  try {
    execFileSync('unshare', ['--mount', 'true'], { stdio: 'ignore' });
  } catch {
    return { ok: false, reason: 'unshare --mount is not permitted here' };
  }
  return { ok: true, reason: '' };
}
