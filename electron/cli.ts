#!/usr/bin/env node
/**
 * `ssh-keepalive` command line: the same handlers the window uses, each command through kernel/dispatch
 * and the contract's channels (cli/io.ts), for scripts and SSH-only machines.
 * Exit 0 on success; on bad input exit non-zero with one line on stderr and no file touched.
 */
import { toErrorData } from '../common/contract/errors';
import { defaultContext } from './core/kernel/context';
import { commands } from './cli/index';
import { createCliIo } from './cli/io';

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const io = createCliIo(defaultContext(), {
    stdout: (t: string) => process.stdout.write(t),
    stderr: (t: string) => process.stderr.write(t),
  });
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const lines = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`);
    io.stdout(`usage: ssh-keepalive <command> [options]\n\n${lines.join('\n')}\n`);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`ssh-keepalive: unknown command "${name}" (try: ssh-keepalive help)\n`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    const e = toErrorData(err);
    const where = e.file ? `${e.file}${e.line ? `:${e.line}` : ''}: ` : '';
    io.stderr(`ssh-keepalive: ${where}${e.message}\n`);
    return e.code === 'cancelled' ? 126 : 1;
  }
}

// `ssh-keepalive hosts | head`: a closed pipe is the reader being done, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`ssh-keepalive: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
