import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../common/contract/errors';
import type { PuttyImportResult, PuttyTool } from '../../../common/contract/sessions';
import { sessionsKey } from './paths';
import { formatRegValue, parseReg, serializeReg, type RegData, type RegKeyBlock } from './reg';
import { sessionsFromReg } from './sessions';

/**
 * The live Windows registry through `reg.exe` (HKCU only: no admin). Nothing goes through a shell:
 * arguments are passed as a list. Tests run the same adapter over Wine's `reg` (a real registry
 * implementation), which takes Windows paths (Z:\ maps to /).
 */
export interface RegCommand {
  /** argv prefix: ['reg'] on Windows, ['wine', 'reg'] under Wine. */
  argv: string[];
  env?: NodeJS.ProcessEnv;
  /** Converts a local file path to what reg.exe expects. */
  nativePath(p: string): string;
  /**
   * stderr of a launcher that could not start reg at all (so nothing ran, and running it again is
   * safe): Wine's loader now and then fails so (seen in CI: "ShellExecuteEx failed: Internal error").
   */
  notStarted?: RegExp;
}

export const windowsReg: RegCommand = { argv: ['reg'], nativePath: (p) => p };
export function wineReg(winePrefix: string): RegCommand {
  return {
    argv: ['wine', 'reg'],
    env: { ...process.env, WINEPREFIX: winePrefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' },
    nativePath: (p) => `Z:${path.resolve(p).replaceAll('/', '\\')}`,
    notStarted: /ShellExecuteEx failed/,
  };
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs reg once more (at most twice) when its launcher says it never started it. */
async function run(cmd: RegCommand, args: string[]): Promise<RunResult> {
  let r = await runOnce(cmd, args);
  for (let retry = 0; retry < 2 && r.code !== 0 && cmd.notStarted?.test(r.stderr + r.stdout); retry++) r = await runOnce(cmd, args);
  return r;
}

function runOnce(cmd: RegCommand, args: string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(cmd.argv[0]!, [...cmd.argv.slice(1), ...args], { env: cmd.env ?? process.env, windowsHide: true, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      // A non-zero exit gives err.code = the exit status; a string code means it could not start at all.
      const code = err === null ? 0 : (err as { code?: unknown }).code;
      if (typeof code !== 'number') {
        reject(new AppError('unsupported', `Cannot run ${cmd.argv.join(' ')}: ${err?.message ?? 'unknown error'}`));
        return;
      }
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

function assertHkcu(key: string): void {
  if (!/^HKEY_CURRENT_USER\\Software\\(SimonTatham\\PuTTY|Martin Prikryl\\WinSCP 2)\\Sessions(\\|$)/i.test(key)) {
    throw new AppError('invalid-input', `Refusing to touch ${key}: only PuTTY's and WinSCP's session keys under HKEY_CURRENT_USER`);
  }
}

export class RegistryAdapter {
  constructor(
    private readonly cmd: RegCommand,
    private readonly tmpDir: string = os.tmpdir(),
  ) {}

  private async tmpFile(): Promise<string> {
    await fs.mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
    return path.join(this.tmpDir, `ssh-keepalive-${randomBytes(6).toString('hex')}.reg`);
  }

  /** The key and its subkeys as .reg blocks; null when the key does not exist. */
  async exportKey(key: string): Promise<RegKeyBlock[] | null> {
    const file = await this.tmpFile();
    try {
      const r = await run(this.cmd, ['export', key, this.cmd.nativePath(file), '/y']);
      if (r.code !== 0) {
        const q = await run(this.cmd, ['query', key]);
        if (q.code !== 0) return null; // the key does not exist
        throw new AppError('io', `reg export ${key} failed: ${(r.stderr || r.stdout).trim()}`);
      }
      return parseReg(await fs.readFile(file), key);
    } finally {
      await fs.rm(file, { force: true });
    }
  }

  async importFile(file: string): Promise<void> {
    const r = await run(this.cmd, ['import', this.cmd.nativePath(file)]);
    // Wine exits 0 after some errors but says so on stderr: treat both as failure.
    if (r.code !== 0 || /error|invalid|unable/i.test(r.stderr)) {
      throw new AppError(r.code === 5 ? 'permission' : 'io', `reg import failed: ${(r.stderr || r.stdout).trim() || `exit ${r.code}`}`);
    }
  }

  async importBlocks(keys: Parameters<typeof serializeReg>[0]): Promise<void> {
    for (const k of keys) assertHkcu(k.path);
    const file = await this.tmpFile();
    try {
      await fs.writeFile(file, serializeReg(keys), { mode: 0o600 });
      await this.importFile(file);
    } finally {
      await fs.rm(file, { force: true });
    }
  }

  async readSessions(tool: PuttyTool): Promise<PuttyImportResult> {
    const root = sessionsKey(tool);
    const blocks = (await this.exportKey(root)) ?? [];
    return { format: 'registry', location: root, sessions: sessionsFromReg(blocks, root).filter((s) => s.tool === tool), skipped: [] };
  }

  /** What writing `keys` would change, value by value (as .reg text). */
  async plan(keys: Array<{ path: string; values: Array<{ name: string; data: RegData }> }>) {
    const changes = [];
    for (const k of keys) {
      assertHkcu(k.path);
      const current = await this.exportKey(k.path);
      const own = current?.find((b) => b.path.toLowerCase() === k.path.toLowerCase());
      changes.push({
        key: k.path,
        existed: current !== null,
        values: k.values.map((v) => {
          const old = own?.values.find((o) => o.name.toLowerCase() === v.name.toLowerCase());
          return { name: v.name, before: old ? formatRegValue(old.name, old.data) : null, after: formatRegValue(v.name, v.data) };
        }),
        backup: current,
      });
    }
    return changes;
  }

  /**
   * Backs up every key first (a .reg that deletes the key, then recreates it as it was, so
   * importing it undoes exactly), then imports the new values.
   */
  async applyWithBackup(backupDir: string, keys: Array<{ path: string; values: Array<{ name: string; data: RegData }> }>) {
    const changes = await this.plan(keys);
    const backupBlocks: Parameters<typeof serializeReg>[0] = [];
    for (const c of changes) {
      backupBlocks.push({ path: c.key, deleteKey: true, values: [] });
      for (const b of c.backup ?? []) backupBlocks.push(b);
    }
    await fs.mkdir(backupDir, { recursive: true, mode: 0o700 });
    const backupFile = path.join(backupDir, `registry-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}.reg`);
    await fs.writeFile(backupFile, serializeReg(backupBlocks), { mode: 0o600 });
    await this.importBlocks(keys.map((k) => ({ path: k.path, deleteKey: false, values: k.values })));
    return { changes: changes.map(({ backup: _b, ...c }) => c), backupFile };
  }

  /** Restores the newest backup in `backupDir` and removes it. */
  async undoLast(backupDir: string): Promise<string> {
    const names = (await fs.readdir(backupDir).catch(() => [] as string[])).filter((n) => /^registry-.*\.reg$/.test(n)).sort();
    const last = names.at(-1);
    if (!last) throw new AppError('not-found', 'No registry change to undo');
    const file = path.join(backupDir, last);
    for (const k of parseReg(await fs.readFile(file), file)) assertHkcu(k.path);
    await this.importFile(file);
    await fs.rm(file);
    return file;
  }
}
