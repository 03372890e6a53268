import type { HandlerContext } from '../core/kernel/context';

/** What every CLI subcommand gets: output streams and the machine context. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  ctx: HandlerContext;
}

export interface CliCommand {
  /** One line for `ssh-keepalive help`. */
  summary: string;
  /** Returns the exit code: 0 success; non-zero with ONE line on stderr for bad input. */
  run(args: string[], io: CliIo): Promise<number>;
}
