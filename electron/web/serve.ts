import { existsSync } from 'node:fs';
import path from 'node:path';
import { defaultContext } from '../core/kernel/context';
import { ensureRendererBuilt } from './renderer-build';
import { packageRoot, startWebHost } from './host';

const USAGE = 'usage: npm run -s serve -- [--port N] [--config FILE] [--no-open]';

/**
 * As root, the host's token is worth root (system files through the helper, probes as root), and a
 * browser started by root runs as root without its sandbox: the user opens the printed URL instead.
 * Kept in step with scripts/start.mjs.
 */
const ROOT_REFUSAL =
  'refusing to open a browser as root (its token would act as root and the browser would run as root); run as your own user, or add --no-open and open the printed address yourself';

class HelpRequested extends Error {}

interface ServeArgs {
  port: number;
  configPath: string;
  open: boolean;
}

export function parseServeArgs(argv: string[]): ServeArgs {
  const args: ServeArgs = { port: 0, configPath: '', open: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--port') {
      const text = value();
      const port = Number(text);
      if (!/^\d+$/.test(text) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${text}`);
      args.port = port;
    } else if (arg === '--config') args.configPath = value();
    else if (arg === '--no-open') args.open = false;
    else if (arg === '--help' || arg === '-h') throw new HelpRequested();
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return args;
}

async function main(): Promise<number> {
  let args: ServeArgs;
  try {
    args = parseServeArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof HelpRequested) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  if (args.open && process.getuid?.() === 0) {
    process.stderr.write(`serve: ${ROOT_REFUSAL}\n`);
    return 2;
  }
  // As `ssh -F FILE`: a config named on the command line must exist (the default one may be missing).
  if (args.configPath && !existsSync(path.resolve(args.configPath))) {
    process.stderr.write(`serve: Can't open user config file ${path.resolve(args.configPath)}: No such file or directory\n`);
    return 2;
  }
  await ensureRendererBuilt(packageRoot(), (line) => process.stderr.write(line + '\n'));
  const host = await startWebHost({ port: args.port, configPath: args.configPath, ctx: defaultContext(), open: args.open });
  process.stdout.write(`SSH Keepalive is running at ${host.url}\n`);
  process.stderr.write('Only this machine can reach it; the token in the URL is required. Press Ctrl+C to stop.\n');
  const stop = (): void => {
    void host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`serve: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
