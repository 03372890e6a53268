import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../common/contract/errors';
import type { AnsibleExportResult, AnsibleOutput } from '../../../common/contract/remote-server';
import type { HandlerContext } from '../kernel/context';
import type { Handlers } from '../kernel/dispatch';
import { sshConfigFile } from '../kernel/ssh-config';
import { exportAnsible } from './ansible/export';
import { ansibleInstallHint, findAnsiblePlaybook, runAnsiblePlaybook } from './ansible/run';
import type { TransportOptions } from './transport';

export interface AnsibleDeps {
  anyPath: boolean;
  emit?: (output: AnsibleOutput) => void;
  transport: Pick<TransportOptions, 'prefix' | 'env' | 'timeoutMs'>;
}

type AnsibleHandlers = Pick<Handlers, 'remote-server:ansible-export' | 'remote-server:ansible-run'>;

/** Exports kept (and runnable) per app run; the oldest app-folder exports are removed. */
const KEEP_EXPORTS = 16;
const MAX_LINE = 8192;

/** A word a POSIX shell reads back as is (for the command shown to the user). */
const shWord = (s: string) => (/^[A-Za-z0-9_@%+=:,./~-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

async function osRelease(): Promise<string> {
  return fs.readFile('/etc/os-release', 'utf8').catch(() => '');
}

/**
 * "Export to Ansible" and running it: the export goes to a private folder of the app (the page
 * offers the files as downloads and can run them from there), to a folder the user picks in the
 * window's own dialog, or (command line only) to the folder its user typed. ansible-playbook runs
 * only on an export this app run made, found by its id: a request never names a folder or a program.
 */
export function createAnsibleHandlers(ctx: HandlerContext, deps: AnsibleDeps): AnsibleHandlers {
  const exports = new Map<string, { dir: string; owned: boolean }>();
  let running = false;

  const destination = async (req: { destination: 'app' | 'pick' | 'path'; outDir?: string | undefined }): Promise<{ dir: string; owned: boolean }> => {
    if (req.destination === 'path') {
      if (!deps.anyPath) throw new AppError('permission', 'The app writes an export to its own folder or to a folder you choose; a path in a request is refused (the command line takes --out DIR).');
      if (!req.outDir) throw new AppError('invalid-input', 'Name the folder to write (--out DIR)');
      return { dir: path.resolve(req.outDir), owned: false };
    }
    if (req.destination === 'pick') {
      if (!ctx.pickPath) throw new AppError('unsupported', 'Choosing a folder needs the app window; here, download the files instead.');
      const picked = await ctx.pickPath('folder');
      if (picked === null) throw new AppError('cancelled', 'No folder was chosen; nothing was written.');
      return { dir: picked, owned: false };
    }
    const root = path.join(ctx.stateDir, 'ansible');
    await fs.mkdir(root, { recursive: true, mode: 0o700 });
    await fs.chmod(root, 0o700);
    return { dir: path.join(root, randomBytes(12).toString('base64url')), owned: true };
  };

  const remember = async (dir: string, owned: boolean): Promise<string> => {
    const id = randomBytes(18).toString('base64url');
    exports.set(id, { dir, owned });
    for (const [old, e] of [...exports].slice(0, Math.max(0, exports.size - KEEP_EXPORTS))) {
      exports.delete(old);
      if (e.owned) await fs.rm(e.dir, { recursive: true, force: true });
    }
    return id;
  };

  return {
    'remote-server:ansible-export': async (req): Promise<AnsibleExportResult> => {
      if (!req.all && req.hosts.length === 0) throw new AppError('invalid-input', 'Choose at least one host (--host H) or all of them (--all)');
      const configPath = sshConfigFile(ctx, req.configPath, deps.anyPath, (file) => `The export reads configs in ~/.ssh only; for ${file} run: ssh-keepalive export ansible --config ${file} ...`) ?? undefined;
      const { dir, owned } = await destination(req);
      let done;
      try {
        done = await exportAnsible({
          hosts: req.hosts,
          all: req.all,
          interval: req.interval,
          ...(req.countMax === undefined ? {} : { countMax: req.countMax }),
          outDir: dir,
          configPath,
          homeDir: ctx.homeDir,
          env: deps.transport.env ?? process.env,
        });
      } catch (err) {
        if (owned) await fs.rm(dir, { recursive: true, force: true });
        throw new AppError('invalid-input', (err as Error).message);
      }
      const files = await Promise.all(
        (['inventory.ini', 'keepalive.yml', 'cloud-init.yml'] as const).map(async (name) => {
          const file = path.join(dir, name);
          return { name, path: file, text: await fs.readFile(file, 'utf8') };
        }),
      );
      const ansiblePath = await findAnsiblePlaybook(deps.transport.env ?? process.env);
      return {
        exportId: await remember(dir, owned),
        dir,
        files,
        hosts: done.hosts.map((h) => h.alias),
        skipped: done.skipped,
        warnings: done.hosts.flatMap((h) => h.warnings),
        ansible: { path: ansiblePath, installHint: ansibleInstallHint(ctx.platform, await osRelease()) },
        command: `ansible-playbook -i ${shWord(path.join(dir, 'inventory.ini'))} ${shWord(path.join(dir, 'keepalive.yml'))}`,
      };
    },

    'remote-server:ansible-run': async (req) => {
      const found = exports.get(req.exportId);
      if (!found) throw new AppError('not-found', 'That export is no longer here (the app was restarted or made many since): export again.');
      const env = deps.transport.env ?? process.env;
      const installHint = ansibleInstallHint(ctx.platform, await osRelease());
      if (!(await findAnsiblePlaybook(env))) return { runId: req.runId, installed: false, installHint, exitCode: null, recap: [], argv: [] };
      if (running) throw new AppError('invalid-input', 'ansible-playbook is already running: wait for it to finish');
      running = true;
      try {
        const run = await runAnsiblePlaybook({
          outDir: found.dir,
          check: req.check,
          diff: req.check,
          ...(req.password === undefined ? {} : { becomePassword: req.password }),
          onLine: (line) => deps.emit?.({ runId: req.runId, line: line.slice(0, MAX_LINE) }),
          ...(deps.transport.prefix ? { prefix: deps.transport.prefix } : {}),
          env,
        });
        const recap = Object.entries(run.recap).map(([host, r]) => ({ host, ok: r.ok, changed: r.changed, unreachable: r.unreachable, failed: r.failed, skipped: r.skipped }));
        return { runId: req.runId, installed: true, installHint, exitCode: run.code, recap, argv: run.argv };
      } catch (err) {
        throw new AppError('io', `ansible-playbook did not run: ${(err as Error).message}`);
      } finally {
        running = false;
      }
    },
  };
}
