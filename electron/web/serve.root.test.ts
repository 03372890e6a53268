import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAnswer } from '../../common/contract/bridge-checks';
import { packageRoot } from './host';
import { TOKEN_HEADER } from './security';

/**
 * As root the web host's token is worth root: `serve` and `npm start` refuse to open a browser
 * unless told --no-open (the user then opens the printed address), and say why in one line.
 */
const isRoot = process.getuid?.() === 0;

interface Outcome {
  /** Exit code, or 'serving' once the host printed its address (the child is then stopped). */
  end: number | 'serving';
  stdout: string;
  stderr: string;
  url?: string;
}

describe.skipIf(!isRoot)('web host as root', () => {
  let home: string;
  let bin: string;
  let record: string;

  beforeAll(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'ska-serve-root-'));
    await fs.mkdir(path.join(home, '.ssh'), { mode: 0o700 });
    await fs.writeFile(path.join(home, '.ssh', 'config'), 'Host a\n  ServerAliveInterval 15\n', { mode: 0o600 });
    // A recording opener first on PATH: as root, no browser may be started at all.
    bin = path.join(home, 'bin');
    record = path.join(home, 'opened');
    await fs.mkdir(bin);
    await fs.writeFile(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" >> '${record}'\n`, { mode: 0o755 });
  });
  afterAll(async () => {
    await fs.rm(home, { recursive: true, force: true });
  });

  /** Runs a command until it exits or serves; a serving host is asked to stop (SIGTERM) and awaited. */
  async function run(argv: string[], onServing?: (url: string) => Promise<void>): Promise<Outcome> {
    await fs.rm(record, { force: true });
    const child = spawn(process.execPath, argv, {
      cwd: packageRoot(),
      env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Outcome = { end: -1, stdout: '', stderr: '' };
    return new Promise<Outcome>((resolve, reject) => {
      let serving: Promise<void> | null = null;
      child.stdout.on('data', (d: Buffer) => {
        out.stdout += d.toString();
        const url = /running at (\S+)/.exec(out.stdout)?.[1];
        if (url && !serving) {
          out.url = url;
          serving = (onServing ? onServing(url) : Promise.resolve()).finally(() => child.kill('SIGTERM'));
          serving.catch(reject);
        }
      });
      child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => {
        out.end = serving ? 'serving' : (code ?? -1);
        void (serving ?? Promise.resolve()).then(() => resolve(out), reject);
      });
    });
  }

  const serveTs = (): string[] => ['--import', 'tsx', path.join(packageRoot(), 'electron', 'web', 'serve.ts'), '--config', path.join(home, '.ssh', 'config')];

  it('serve without --no-open exits 2 with one line saying why, serving nothing and opening nothing', async () => {
    const got = await run(serveTs());
    expect(got.end).toBe(2);
    expect(got.stdout).toBe('');
    expect(got.stderr).toMatch(/^serve: refusing to open a browser as root \(.+\); .*--no-open.*\n$/);
    expect(got.stderr.trimEnd().split('\n')).toHaveLength(1);
    await expect(fs.readFile(record, 'utf8')).rejects.toThrow();
  });

  it('npm start (scripts/start.mjs) without --no-open exits 2 with one line, before building anything', async () => {
    const got = await run([path.join(packageRoot(), 'scripts', 'start.mjs')]);
    expect(got.end).toBe(2);
    expect(got.stdout).toBe('');
    expect(got.stderr).toMatch(/^npm start: refusing to open a browser as root \(.+\); .*--no-open.*\n$/);
    expect(got.stderr.trimEnd().split('\n')).toHaveLength(1);
    await expect(fs.readFile(record, 'utf8')).rejects.toThrow();
  });

  it('serve --no-open serves: the printed address (token in its fragment) answers API calls', async () => {
    let answer: unknown;
    const got = await run([...serveTs(), '--no-open'], async (url) => {
      const { origin, hash } = new URL(url);
      const token = new URLSearchParams(hash.slice(1)).get('token') ?? '';
      const res = await fetch(`${origin}/api/hosts:list`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify({ configPath: '' }),
      });
      answer = checkAnswer('hosts:list', await res.json()); // the rows travel as a host table: decoded as the page does
    });
    expect(got.end, got.stderr).toBe('serving');
    expect(got.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{40,}$/);
    expect(answer).toMatchObject({ ok: true, value: { configPath: path.join(home, '.ssh', 'config'), hosts: [{ pattern: 'a' }] } });
    await expect(fs.readFile(record, 'utf8')).rejects.toThrow();
  });
});
