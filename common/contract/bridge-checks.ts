import { channels, events, isChannel, type Channel, type EventName, type EventOf, type RequestOf, type ResponseOf } from './channels';
import { resultSchema, toErrorData, type AppErrorData, type Result } from './errors';

/**
 * The page side of the contract, shared by both bridges (electron/preload/bridge.ts over IPC,
 * renderer/web-bridge.ts over HTTP): every request is checked before it leaves the page, every
 * answer and event payload after it arrives, against the schemas the main side checks too.
 * Each bridge only chooses how a failure is thrown (see there).
 */

export type Checked<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

/** A request as the channel's schema parses it; `invalid-input` for an unknown channel or a bad request. */
export function checkRequest<C extends Channel>(channel: C, request: RequestOf<C>): Checked<RequestOf<C>>;
export function checkRequest(channel: unknown, request: unknown): Checked<unknown>;
export function checkRequest(channel: unknown, request: unknown): Checked<unknown> {
  if (typeof channel !== 'string' || !isChannel(channel)) return { ok: false, error: { code: 'invalid-input', message: `Unknown channel: ${String(channel)}` } };
  const parsed = channels[channel].request.safeParse(request);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: toErrorData(parsed.error) };
}

/**
 * A shell's answer (a Result) as the channel's schema parses it: the value, the error the main side
 * reported, or `internal` when the answer is malformed (a shell bug must not reach the page as data).
 */
export function checkAnswer<C extends Channel>(channel: C, raw: unknown): Result<ResponseOf<C>> {
  const parsed = resultSchema(channels[channel].response).safeParse(raw);
  if (!parsed.success) return { ok: false, error: { code: 'internal', message: `Malformed answer on ${channel}: ${toErrorData(parsed.error).message}` } };
  return parsed.data as Result<ResponseOf<C>>;
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** An event payload as its schema parses it, or null (an unknown or malformed event is dropped). */
export function checkEvent<E extends EventName>(event: E, payload: unknown): EventOf<E> | null {
  const parsed = events[event].safeParse(payload);
  return parsed.success ? (parsed.data as EventOf<E>) : null;
}
