import { useCallback, useState } from 'react';
import type { ServerAnswer } from '../../common/remote-server/password-retry';
import type { PasswordRequest } from './PasswordDialog';

/**
 * Asks for the sudo password in the app's dialog and waits for the answer (null = cancelled). The
 * typed text is handed to the one retry that asked for it (common/remote-server/password-retry.ts)
 * and not kept here: the request, and with it the answer, is gone once the dialog closes.
 */
export function usePasswordPrompt() {
  const [request, setRequest] = useState<PasswordRequest | null>(null);
  const ask = useCallback(
    (waiting: readonly ServerAnswer[]) =>
      new Promise<string | null>((resolve) => {
        setRequest({
          hosts: waiting.map((w) => w.host),
          wrong: waiting.some((w) => w.failure === 'wrong-password'),
          answer: (password) => {
            setRequest(null);
            resolve(password);
          },
        });
      }),
    [],
  );
  return { request, ask };
}
