import { spawn, spawnSync } from 'node:child_process';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../contract/errors';
import { handleRequest } from './helper-core';
import type { HelperResponse } from './response';

/**
 * Runs the privileged helper with the OS's elevation, and maps the prompt's outcomes:
 * - already root (CLI with sudo, headless servers): the helper's code runs in-process;
 * - Linux: `pkexec <helper> run`, the request on stdin. Exit 126 = the user dismissed the dialog
 *   (a normal "cancelled"), 127 = not authorized / no polkit agent;
 * - elsewhere (or without pkexec): @vscode/sudo-prompt, with the request in a private file.
 * `SSH_KEEPALIVE_ELEVATE` names a pkexec-compatible program to use instead of pkexec: it only
 * changes which program the *unprivileged* app asks, so it grants nothing (the e2e tests stub the
 * OS prompt with it; the helper behind it is the real one).
 */
export type LaunchResult = { kind: 'response'; response: HelperResponse } | { kind: 'cancelled' };

export interface HelperCommand {
  argv: string[];
  env: Record<string, string>;
}

/**
 * This checkout (dev, CLI from npm): the nearest package.json named ssh-keepalive above the running
 * script or the working directory. No import.meta: this module is also bundled as CommonJS.
 */
function packageRoot(): string | null {
  for (const start of [path.dirname(process.argv[1] ?? ''), process.cwd()]) {
    let dir = path.resolve(start);
    for (let i = 0; i < 8; i++) {
      try {
        if ((JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'ssh-keepalive') return dir;
      } catch {
        /* keep walking up */
      }
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return null;
}

/** Where the helper is: the packaged app's resources, else this checkout's dist/ (built on demand). */
export async function helperCommand(): Promise<HelperCommand> {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (process.versions.electron && resources) {
    // deb/rpm install a root-owned wrapper named in the polkit policy; it sets ELECTRON_RUN_AS_NODE.
    const wrapper = path.join(resources, 'privileged', 'ssh-keepalive-helper');
    if (process.platform === 'linux' && existsSync(wrapper)) return { argv: [wrapper], env: {} };
    return { argv: [process.execPath, path.join(resources, 'privileged', 'helper.cjs')], env: { ELECTRON_RUN_AS_NODE: '1' } };
  }
  const root = packageRoot();
  if (!root) throw new AppError('internal', 'The privileged helper cannot be found (no packaged resources, no ssh-keepalive checkout).');
  const bundle = path.join(root, 'dist', 'privileged', 'helper.cjs');
  if (!existsSync(bundle) && !process.versions.electron) {
    // A checkout that was never built: build just the helper, the way `npm run build` does.
    spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--only=helper'], { cwd: root, stdio: 'ignore' });
  }
  if (!existsSync(bundle)) throw new AppError('internal', `The privileged helper is not built (${bundle}): run npm run build.`);
  if (process.versions.electron) return { argv: ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', process.execPath, bundle], env: {} };
  return { argv: [process.execPath, bundle], env: {} };
}

function parseResponse(stdout: string): HelperResponse {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    const r = JSON.parse(line) as HelperResponse;
    if (typeof r === 'object' && r !== null && typeof r.ok === 'boolean') return r;
  } catch {
    /* below */
  }
  throw new AppError('internal', `The privileged helper gave no answer${stdout ? '' : ' (it may have been stopped)'}`);
}

function spawnWithStdin(argv: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function viaPkexecLike(program: string, request: string): Promise<LaunchResult> {
  const cmd = await helperCommand();
  const r = await spawnWithStdin([program, ...cmd.argv, 'run'], request);
  if (r.code === 126) return { kind: 'cancelled' };
  if (r.code === 127) {
    const why = /no authentication agent/i.test(r.stderr)
      ? 'no polkit authentication agent is running (run the CLI with sudo instead)'
      : 'not authorized';
    throw new AppError('permission', `Administrator rights were not granted: ${why}.`);
  }
  return { kind: 'response', response: parseResponse(r.stdout) };
}

async function viaSudoPrompt(request: string): Promise<LaunchResult> {
  const cmd = await helperCommand();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ssh-keepalive-req-'));
  const file = path.join(dir, 'request.json');
  await fs.writeFile(file, request, { mode: 0o600 });
  const quote = (s: string) => (process.platform === 'win32' ? `"${s}"` : `'${s.replace(/'/g, `'\\''`)}'`);
  // Only our own fixed paths go into this command line; the request stays in the file.
  const command = [...cmd.argv, 'run', '--request-file', file].map(quote).join(' ');
  try {
    const sudo = (await import('@vscode/sudo-prompt')) as unknown as { exec: typeof import('@vscode/sudo-prompt').exec; default?: { exec: typeof import('@vscode/sudo-prompt').exec } };
    const exec = sudo.exec ?? sudo.default!.exec;
    const stdout = await new Promise<string>((resolve, reject) =>
      exec(command, { name: 'SSH Keepalive', env: cmd.env }, (err, out) => (err ? reject(err) : resolve(String(out ?? '')))),
    );
    return { kind: 'response', response: parseResponse(stdout) };
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (/did not grant permission|cancel/i.test((err as Error).message)) return { kind: 'cancelled' };
    throw new AppError('permission', `Administrator rights were not granted: ${(err as Error).message}`);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export async function callHelper(request: object): Promise<LaunchResult> {
  const json = JSON.stringify(request);
  const stub = process.env.SSH_KEEPALIVE_ELEVATE;
  if (stub) return viaPkexecLike(stub, json);
  if (process.getuid?.() === 0) return { kind: 'response', response: await handleRequest(json) };
  if (process.platform === 'linux' && existsSync('/usr/bin/pkexec')) return viaPkexecLike('/usr/bin/pkexec', json);
  return viaSudoPrompt(json);
}
