import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultContext } from '../../electron/core/kernel/context';
import { startWebHost, type WebHost } from '../../electron/web/host';
import { expect, hostRow, test } from './fixtures';

/**
 * "Open in the browser" must never put the token on a command line: /proc/<pid>/cmdline of the
 * opener and of the browser it starts is readable by every local user. A recording `xdg-open`
 * placed first on PATH stands in for the desktop's opener; the real Chromium then follows what it
 * was given.
 */
test.skip(process.platform !== 'linux', 'the opener on Linux is xdg-open');

test('the opener gets a private launch page, never the token; following it reaches a working UI', async ({ home, page }) => {
  const bin = await fs.mkdtemp(path.join(os.tmpdir(), 'ska-opener-'));
  const record = path.join(bin, 'argv');
  // One argument per line, written whole (rename) so a half-written record is never read.
  await fs.writeFile(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}.tmp' && mv '${record}.tmp' '${record}'\n`, { mode: 0o755 });
  const savedPath = process.env.PATH;
  let host: WebHost | undefined;
  try {
    process.env.PATH = `${bin}:${savedPath ?? ''}`;
    try {
      host = await startWebHost({
        ctx: defaultContext({ homeDir: home.home, stateDir: home.stateDir, systemConfigPath: null, platform: 'linux' }),
        open: true,
      });
    } finally {
      process.env.PATH = savedPath;
    }
    await expect.poll(() => fs.readFile(record, 'utf8').catch(() => ''), { message: 'xdg-open was run' }).not.toBe('');
    const argv = (await fs.readFile(record, 'utf8')).trimEnd().split('\n');
    expect(argv.join(' ')).not.toContain(host.token);
    expect(argv).toHaveLength(1);
    expect(argv[0]).toMatch(/^file:\/\//);

    // The page is the user's alone: 0600 in a fresh 0700 directory, both theirs, no links.
    const file = fileURLToPath(argv[0]!);
    const uid = process.getuid!();
    const fileStat = await fs.lstat(file);
    expect(fileStat.isFile()).toBe(true);
    expect(fileStat.mode & 0o777).toBe(0o600);
    expect(fileStat.uid).toBe(uid);
    const dirStat = await fs.lstat(path.dirname(file));
    expect(dirStat.isDirectory()).toBe(true);
    expect(dirStat.mode & 0o777).toBe(0o700);
    expect(dirStat.uid).toBe(uid);

    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(argv[0]!);
    // The page made authenticated API calls: the hosts of the config are listed.
    await expect(page.getByRole('switch', { name: 'Keepalive for all hosts' })).toBeVisible();
    await expect(hostRow(page, 'web1 web2')).toBeVisible();
    expect(page.url()).toBe(`http://127.0.0.1:${host.port}/`);
    // Once the browser has used the token, the launch page (which holds it) is gone.
    await expect.poll(() => fs.lstat(path.dirname(file)).then(() => 'present', () => 'gone')).toBe('gone');
    expect(problems).toEqual([]);
  } finally {
    await host?.close();
    await fs.rm(bin, { recursive: true, force: true });
  }
});
