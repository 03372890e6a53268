import { channels, isChannel, type Channel, type RequestOf, type ResponseOf } from '../../../common/contract/channels';
import { AppError, toErrorData, type Result } from '../../../common/contract/errors';

export type Handler<C extends Channel> = (request: RequestOf<C>) => Promise<ResponseOf<C>>;
export type Handlers = { [C in Channel]: Handler<C> };

/**
 * The one entry every shell calls: validates the request against the contract, runs the handler,
 * validates the response too (a handler bug must not leak malformed data to the renderer), and
 * turns every failure into a Result instead of a thrown exception.
 */
export async function dispatch(handlers: Handlers, channel: string, rawRequest: unknown): Promise<Result<unknown>> {
  try {
    if (!isChannel(channel)) throw new AppError('invalid-input', `Unknown channel: ${channel}`);
    const spec = channels[channel];
    const request = spec.request.parse(rawRequest);
    const handler = handlers[channel] as (req: unknown) => Promise<unknown>;
    const response = await handler(request);
    return { ok: true, value: spec.response.parse(response) };
  } catch (err) {
    return { ok: false, error: toErrorData(err) };
  }
}
