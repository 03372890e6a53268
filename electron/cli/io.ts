import type { z } from 'zod';
import type { Channel, Channels, EventName, EventOf, ResponseOf } from '../../common/contract/channels';
import { AppError } from '../../common/contract/errors';
import { createHandlers } from '../core/handlers';
import type { HandlerContext } from '../core/kernel/context';
import { dispatch } from '../core/kernel/dispatch';

/** A request as a command writes it (before the schema's defaults are filled in). */
export type RequestInput<C extends Channel> = z.input<Channels[C]['request']>;

/** What every CLI subcommand gets: output streams, the machine context and the one way to core. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  ctx: HandlerContext;
  /**
   * Every command reaches core through here: kernel/dispatch checks the request and the answer
   * against the contract, as for the window's IPC and the web host. A failure is thrown as the
   * AppError it was (one line on stderr; exit 1, or 126 when cancelled).
   */
  call<C extends Channel>(channel: C, request: RequestInput<C>): Promise<ResponseOf<C>>;
  /** Events the handlers push while a command runs (probe:progress). */
  on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void;
}

export interface CliCommand {
  /** One line for `ssh-keepalive help`. */
  summary: string;
  /** Returns the exit code: 0 success; non-zero with ONE line on stderr for bad input. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** The CLI's io: the app's handlers with paths taken as the user typed them (see HandlerOptions). */
export function createCliIo(ctx: HandlerContext, out: Pick<CliIo, 'stdout' | 'stderr'>): CliIo {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const handlers = createHandlers(ctx, {
    pathsFromUser: true,
    emit: (event, payload) => {
      for (const listener of listeners.get(event) ?? []) listener(payload as never);
    },
  });
  return {
    ...out,
    ctx,
    async call(channel, request) {
      const result = await dispatch(handlers, channel, request);
      if (!result.ok) throw new AppError(result.error.code, result.error.message, { file: result.error.file, line: result.error.line });
      return result.value as ResponseOf<typeof channel>;
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
