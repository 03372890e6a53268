import { z } from 'zod';
import { channels, isChannel, type Channel, type RequestOf, type ResponseOf } from '../../../common/contract/channels';
import { AppError, toErrorData, type Result } from '../../../common/contract/errors';

export type Handler<C extends Channel> = (request: RequestOf<C>) => Promise<ResponseOf<C>>;
export type Handlers = { [C in Channel]: Handler<C> };

/**
 * The entry of the shells that send answers over a wire (Electron IPC, the loopback web host):
 * validates the request against the contract, runs the handler, and encodes the response through
 * its schema (z.encode: a handler bug must not leak malformed data to the renderer; a channel with
 * a wire form, like the snapshot's host table, is encoded into it, and the page's bridge decodes it
 * through the same schema). Every failure becomes a Result instead of a thrown exception.
 */
export async function dispatchWire(handlers: Handlers, channel: string, rawRequest: unknown): Promise<Result<unknown>> {
  try {
    if (!isChannel(channel)) throw new AppError('invalid-input', `Unknown channel: ${channel}`);
    const spec = channels[channel];
    const request = spec.request.parse(rawRequest);
    const handler = handlers[channel] as (req: unknown) => Promise<unknown>;
    const response = await handler(request);
    return { ok: true, value: z.encode(spec.response as z.ZodType, response) };
  } catch (err) {
    return { ok: false, error: toErrorData(err) };
  }
}

/**
 * The entry of in-process callers (the CLI, tests, benches): dispatchWire, then the answer decoded
 * as a page's bridge decodes it, so every caller gets the same validated value a window would.
 */
export async function dispatch(handlers: Handlers, channel: string, rawRequest: unknown): Promise<Result<unknown>> {
  const r = await dispatchWire(handlers, channel, rawRequest);
  if (!r.ok || !isChannel(channel)) return r;
  try {
    return { ok: true, value: channels[channel].response.parse(r.value) };
  } catch (err) {
    return { ok: false, error: toErrorData(err) };
  }
}
