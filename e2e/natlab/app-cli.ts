import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, type Finished } from './exec';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The app's own command line (`npm run -s cli -- ...`): every keepalive line the lab relies on is
 * written by it. `netns` runs it inside a lab namespace (the probe must reach the lab's server).
 */
export function appCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  opts: { netns?: string; wrap?: (argv: string[]) => string[]; timeoutMs?: number; allowFail?: boolean } = {},
): Promise<Finished> {
  const npm = (opts.wrap ?? ((a: string[]) => a))(['npm', 'run', '-s', 'cli', '--', ...args]);
  const [cmd, ...rest] = opts.netns ? ['ip', 'netns', 'exec', opts.netns, ...npm] : npm;
  return run(cmd as string, rest, { env, cwd: repoRoot, timeoutMs: opts.timeoutMs ?? 60_000, allowFail: opts.allowFail });
}

/** Subcommands this build of the CLI offers (some lab cases wait for features still being built). */
export async function cliCommands(env: NodeJS.ProcessEnv): Promise<Set<string>> {
  const help = await appCli(['help'], env);
  return new Set([...help.stdout.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1] as string));
}
