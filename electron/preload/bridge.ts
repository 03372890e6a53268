import type { Channel, EventName, EventOf, KeepaliveApi, RequestOf, ResponseOf } from '../../common/contract/channels';
import { checkAnswer, checkEvent, checkRequest, isEventName } from '../../common/contract/bridge-checks';
import type { AppErrorData } from '../../common/contract/errors';

/** The slice of ipcRenderer the bridge uses (so tests can hand it a fake). */
export interface IpcLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * Failures reject with a plain AppErrorData object ({code, message, file?, line?}), not an Error:
 * contextBridge copies only an Error's message into the page, and the renderer needs the code
 * and the file:line. A plain object crosses the bridge whole.
 */
function fail(data: AppErrorData): never {
  throw { ...data };
}

/**
 * `window.keepalive`: validates every request before it leaves the page and every response and
 * event payload after it arrives (common/contract/bridge-checks.ts, shared with the web bridge).
 */
export function createBridge(ipc: IpcLike): KeepaliveApi {
  return {
    shell: 'electron',
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
      const checked = checkRequest(channel, request);
      if (!checked.ok) fail(checked.error);
      const result = checkAnswer(channel, await ipc.invoke(channel, checked.value));
      if (!result.ok) fail(result.error);
      return result.value;
    },
    on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void {
      if (!isEventName(event)) fail({ code: 'invalid-input', message: `Unknown event: ${String(event)}` });
      if (typeof listener !== 'function') fail({ code: 'invalid-input', message: 'listener must be a function' });
      const wrapped = (_event: unknown, payload: unknown): void => {
        const checked = checkEvent(event, payload);
        if (checked !== null) listener(checked);
      };
      ipc.on(event, wrapped);
      return () => {
        ipc.removeListener(event, wrapped);
      };
    },
  };
}
