import { channels, events, isChannel, type Channel, type EventName, type EventOf, type KeepaliveApi, type RequestOf, type ResponseOf } from '../../common/contract/channels';
import { AppErrorData, resultSchema } from '../../common/contract/errors';

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

function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}

/**
 * `window.keepalive`: validates every request before it leaves the page and every response and
 * event payload after it arrives, against the same zod schemas the main side uses.
 */
export function createBridge(ipc: IpcLike): KeepaliveApi {
  return {
    shell: 'electron',
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
      if (typeof channel !== 'string' || !isChannel(channel)) fail({ code: 'invalid-input', message: `Unknown channel: ${String(channel)}` });
      const spec = channels[channel];
      const checked = spec.request.safeParse(request);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        const where = issue && issue.path.length ? `${issue.path.join('.')}: ` : '';
        fail({ code: 'invalid-input', message: `${where}${issue?.message ?? 'invalid request'}` });
      }
      const raw = await ipc.invoke(channel, checked.data);
      const result = resultSchema(spec.response).safeParse(raw);
      if (!result.success) fail({ code: 'internal', message: `Malformed answer on ${channel}` });
      if (!result.data.ok) fail(result.data.error);
      return result.data.value as ResponseOf<C>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void {
      if (typeof event !== 'string' || !isEventName(event)) fail({ code: 'invalid-input', message: `Unknown event: ${String(event)}` });
      if (typeof listener !== 'function') fail({ code: 'invalid-input', message: 'listener must be a function' });
      const schema = events[event];
      const wrapped = (_event: unknown, payload: unknown): void => {
        const parsed = schema.safeParse(payload);
        if (parsed.success) listener(parsed.data as EventOf<E>);
      };
      ipc.on(event, wrapped);
      return () => {
        ipc.removeListener(event, wrapped);
      };
    },
  };
}
