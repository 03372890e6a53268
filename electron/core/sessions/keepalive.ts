import type { ExportKeepalive, KeepaliveOrigin } from '../../../common/contract/sessions';
import { formatInterval } from '../../../common/format/duration';

/**
 * The keepalive an export writes. People export to get sessions that stay alive, so by default a
 * session gets a keepalive every N s (the user's chosen interval): a host's own shorter interval is
 * kept, none or a longer one becomes N. `keep` writes the effective OpenSSH value as it is (0: off).
 */
export interface ExportedKeepalive {
  seconds: number;
  origin: KeepaliveOrigin;
  /** The host's own ServerAliveInterval (0: none), whatever was written. */
  hostSeconds: number;
}

export function exportedKeepalive(hostSeconds: number, mode: ExportKeepalive): ExportedKeepalive {
  if (mode === 'keep') return { seconds: hostSeconds, origin: 'as-is', hostSeconds };
  if (hostSeconds === 0) return { seconds: mode, origin: 'added', hostSeconds };
  if (hostSeconds > mode) return { seconds: mode, origin: 'raised', hostSeconds };
  return { seconds: hostSeconds, origin: 'own', hostSeconds };
}

/** The warning a raised value gets (shown in the preview, the bulk export and the CLI's stderr). */
export function raisedNote(k: ExportedKeepalive): string | null {
  if (k.origin !== 'raised') return null;
  return `ServerAliveInterval ${k.hostSeconds} is longer than the ${formatInterval(k.seconds)} this export uses: exported as a keepalive every ${formatInterval(k.seconds)}.`;
}
