import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLaunchPage } from './launch-page';
import { openBrowser } from './open-browser';

const isRoot = process.getuid?.() === 0;
const TARGET = 'http://127.0.0.1:4000/#token=abc"<def>&x';

describe.skipIf(process.platform === 'win32')('launch page', () => {
  let scratch: string;
  const saved = { XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR, TMPDIR: process.env.TMPDIR };

  beforeEach(async () => {
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'ska-launch-'));
  });
  afterEach(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await fs.chmod(scratch, 0o700);
    await fs.rm(scratch, { recursive: true, force: true });
  });

  /** A directory with the given mode (and owner, as root), as a parent candidate. */
  async function dir(name: string, mode: number, uid?: number): Promise<string> {
    const d = path.join(scratch, name);
    await fs.mkdir(d);
    await fs.chmod(d, mode);
    if (uid !== undefined) await fs.chown(d, uid, uid);
    return d;
  }

  it('is a 0600 file in a fresh 0700 directory of the user, in the private runtime dir, and says where to go', async () => {
    process.env.XDG_RUNTIME_DIR = await dir('run', 0o700);
    const page = await createLaunchPage(TARGET);
    expect(path.dirname(path.dirname(page.file))).toBe(await fs.realpath(process.env.XDG_RUNTIME_DIR));
    expect(fileURLToPath(page.fileUrl)).toBe(page.file);
    const st = await fs.lstat(page.file);
    expect([st.isFile(), st.mode & 0o777, st.uid]).toEqual([true, 0o600, process.getuid!()]);
    const dst = await fs.lstat(path.dirname(page.file));
    expect([dst.isDirectory(), dst.mode & 0o777, dst.uid]).toEqual([true, 0o700, process.getuid!()]);
    const html = await fs.readFile(page.file, 'utf8');
    // Escaped for the attribute: a quote in the target cannot end it.
    expect(html).toContain('url=http://127.0.0.1:4000/#token=abc&quot;&lt;def&gt;&amp;x"');
    expect(html).not.toContain('<def>');
    await page.remove();
    await expect(fs.lstat(path.dirname(page.file))).rejects.toThrow();
  });

  it('skips a runtime dir others can write to (no sticky bit) and uses the temp dir', async () => {
    process.env.XDG_RUNTIME_DIR = await dir('open', 0o777);
    process.env.TMPDIR = await dir('tmp', 0o700);
    const page = await createLaunchPage(TARGET);
    expect(path.dirname(path.dirname(page.file))).toBe(await fs.realpath(process.env.TMPDIR));
    await page.remove();
  });

  it.skipIf(!isRoot)("skips a directory owned by another user (as root: chowned to nobody)", async () => {
    process.env.XDG_RUNTIME_DIR = await dir('theirs', 0o700, 65534);
    process.env.TMPDIR = await dir('sticky', 0o1777);
    const page = await createLaunchPage(TARGET);
    expect(path.dirname(path.dirname(page.file))).toBe(await fs.realpath(process.env.TMPDIR));
    await page.remove();
  });

  it('with no private place: no launch (never the URL itself instead), and one line says why', async () => {
    process.env.XDG_RUNTIME_DIR = await dir('open', 0o777);
    process.env.TMPDIR = await dir('open2', 0o777);
    const lines: string[] = [];
    expect(await openBrowser(TARGET, (line) => lines.push(line))).toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Not opening a browser: no private place for the launch page .*Open the address below yourself\.$/);
    expect(lines[0]).not.toContain('token');
  });
});
