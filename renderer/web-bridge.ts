import type { Channel, EventName, EventOf, KeepaliveApi, RequestOf, ResponseOf } from '../common/contract/channels';
import { checkAnswer, checkEvent, checkRequest, isEventName } from '../common/contract/bridge-checks';
import { AppError, type AppErrorData } from '../common/contract/errors';

/** Must match electron/web/security.ts (the renderer cannot import Node code). */
const TOKEN_HEADER = 'x-keepalive-token';

type Listener = (payload: unknown) => void;

/**
 * The KeepaliveApi over the loopback web host: POST /api/<channel> with the token header, and
 * Server-Sent Events read through fetch (EventSource cannot send a header, and the token must never
 * travel in a URL the server sees). Requests, answers and events are checked by the same functions
 * as in the Electron preload (common/contract/bridge-checks.ts).
 */
export function createWebBridge(token: string, base = ''): KeepaliveApi {
  const listeners = new Map<EventName, Set<Listener>>();
  let stream: AbortController | null = null;
  /** Settles once the event stream is connected (or has failed once): see invoke(). */
  let streamReady: Promise<void> = Promise.resolve();

  async function invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
    // A change made between this answer and the stream's connection would otherwise never be
    // announced: subscribe first, then read (bounded, so a broken stream never blocks the app).
    await Promise.race([streamReady, new Promise((resolve) => setTimeout(resolve, 3000))]);
    const checked = checkRequest(channel, request);
    if (!checked.ok) throw fromData(checked.error);
    let res: Response;
    try {
      res = await fetch(`${base}/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify(checked.value),
        cache: 'no-store',
      });
    } catch (err) {
      throw new AppError('io', `The SSH Keepalive web host is not reachable (${(err as Error).message}). Is it still running?`);
    }
    if (res.status === 401) throw new AppError('permission', 'The web host refused the access token: open the URL it printed, including its #token part.');
    if (!res.ok) throw new AppError('internal', `The web host answered ${res.status}: ${(await res.text()).trim()}`);
    const result = checkAnswer(channel, await res.json());
    if (!result.ok) throw fromData(result.error);
    return result.value;
  }

  function on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const wrapped: Listener = (payload) => listener(payload as EventOf<E>);
    set.add(wrapped);
    if (!stream) stream = openStream();
    return () => {
      set.delete(wrapped);
      if ([...listeners.values()].every((s) => s.size === 0)) {
        stream?.abort();
        stream = null;
      }
    };
  }

  function deliver(name: string, data: string): void {
    if (!isEventName(name)) return;
    const payload = checkEvent(name, JSON.parse(data));
    if (payload === null) return;
    for (const listener of listeners.get(name) ?? []) listener(payload);
  }

  function openStream(): AbortController {
    const controller = new AbortController();
    let markReady: () => void = () => undefined;
    streamReady = new Promise((resolve) => (markReady = resolve));
    void (async () => {
      let delay = 500;
      let connectedBefore = false;
      while (!controller.signal.aborted) {
        try {
          const res = await fetch(`${base}/api/events`, { headers: { [TOKEN_HEADER]: token }, signal: controller.signal, cache: 'no-store' });
          markReady();
          if (res.ok && res.body) {
            delay = 500;
            // Events sent while we were disconnected are lost: tell listeners to re-read.
            if (connectedBefore) deliver('config:changed', JSON.stringify({ configPath: '', files: [] }));
            connectedBefore = true;
            await readEvents(res.body, deliver);
          }
        } catch {
          // Aborted, or the host went away: retry below unless aborted.
          markReady();
        }
        if (controller.signal.aborted) break;
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 10_000);
      }
    })();
    return controller;
  }

  return { invoke, on, shell: 'web' };
}

/** Parses the text/event-stream format (event:/data: lines, blank line ends an event). */
async function readEvents(body: ReadableStream<Uint8Array>, deliver: (name: string, data: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let name = 'message';
  let data: string[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let newline: number;
    while ((newline = buffer.search(/\r?\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(buffer[newline] === '\r' ? newline + 2 : newline + 1);
      if (line === '') {
        if (data.length) deliver(name, data.join('\n'));
        name = 'message';
        data = [];
      } else if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
  }
}

function fromData(data: AppErrorData): AppError {
  return new AppError(data.code, data.message, { file: data.file, line: data.line });
}
