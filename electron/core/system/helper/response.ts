import type { SystemTarget } from '../../openssh/system-keywords';
import type { ReloadOutcome } from './reload';

/** What the helper prints on stdout: one JSON object, success or refusal, never both. */
export type HelperErrorCode = 'refused' | 'conflict' | 'invalid-config' | 'unsupported' | 'io';

export interface ChangedFile {
  file: string;
  action: 'modified' | 'created' | 'deleted';
}

export type HelperResponse =
  | {
      ok: true;
      op: 'apply' | 'undo';
      target: SystemTarget;
      changed: ChangedFile[];
      /** The backup entry of this change ('' when nothing changed or after an undo). */
      backup: string;
      /** True when `sshd -t` accepted the result (always true for ssh_config, which has no checker). */
      validated: boolean;
      reload: ReloadOutcome | null;
      message: string;
    }
  | { ok: false; error: { code: HelperErrorCode; message: string; file?: string; line?: number } };
