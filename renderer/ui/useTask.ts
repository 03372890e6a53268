import { useCallback, useState } from 'react';
import { describeError } from '../../common/format/error';
import { errorData } from '../api';

/**
 * A panel's one-at-a-time actions (export, save, write to the registry): which one runs, and the
 * status line that says how the last one went. A failure is said in the same line, after `failure`.
 */
export function useTask() {
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const run = useCallback(async (label: string, job: () => Promise<string>, failure = '') => {
    setBusy(label);
    setStatus('');
    try {
      setStatus(await job());
    } catch (err) {
      setStatus(`${failure}${describeError(errorData(err))}`);
    } finally {
      setBusy(null);
    }
  }, []);
  return { busy, status, run };
}
