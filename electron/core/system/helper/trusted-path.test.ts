import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../../kernel/testing/temp-dirs';
import { untrustedReason } from './trusted-path';

/**
 * The rule the launcher applies to every file root will run: owned by root or the user, nothing
 * on the way writable by group or others (sticky directories aside). Real files and modes; the
 * owner cases need root (chown) and run in CI.
 */
const uid = process.getuid?.() ?? 0;
const tmp = tempDirs();

async function tree(): Promise<{ top: string; dir: string; file: string }> {
  const top = tmp('ska-trust-');
  const dir = path.join(top, 'dist', 'privileged');
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  await fs.chmod(top, 0o755);
  await fs.chmod(path.join(top, 'dist'), 0o755);
  const file = path.join(dir, 'helper.cjs');
  await fs.writeFile(file, '', { mode: 0o644 });
  return { top, dir, file };
}

describe.skipIf(process.platform === 'win32')('trusted path of the helper', () => {
  it('accepts a 0644 file in 0755 directories owned by the user or root, below the sticky /tmp', async () => {
    const { file } = await tree();
    expect(await untrustedReason(file, uid)).toBeNull();
  });

  it.each([
    ['the file is group-writable', (t: { file: string }) => fs.chmod(t.file, 0o664), /helper\.cjs is writable by group or others \(mode 0664\)/],
    ['the file is world-writable', (t: { file: string }) => fs.chmod(t.file, 0o646), /helper\.cjs is writable by group or others/],
    ['its directory is group-writable', (t: { dir: string }) => fs.chmod(t.dir, 0o775), /privileged is writable by group or others \(mode 0775\)/],
    ['a directory far above is world-writable (no sticky bit)', (t: { top: string }) => fs.chmod(t.top, 0o777), /ska-trust-\w+ is writable by group or others \(mode 0777\)/],
  ])('refuses when %s', async (_name, spoil, why) => {
    const t = await tree();
    await spoil(t as never);
    expect(await untrustedReason(t.file, uid)).toMatch(why);
  });

  it('accepts a sticky world-writable directory on the way (others cannot rename what is not theirs)', async () => {
    const t = await tree();
    await fs.chmod(t.top, 0o1777);
    expect(await untrustedReason(t.file, uid)).toBeNull();
  });

  it('follows a link to the real file and judges that path (the link itself is not what runs)', async () => {
    const t = await tree();
    const link = path.join(t.top, 'link.cjs');
    await fs.symlink(t.file, link);
    expect(await untrustedReason(link, uid)).toBeNull();
    await fs.chmod(t.dir, 0o777);
    expect(await untrustedReason(link, uid)).toMatch(/dist\/privileged is writable/);
  });

  it('refuses a missing file, a directory and a relative path', async () => {
    const t = await tree();
    expect(await untrustedReason(path.join(t.dir, 'nope.cjs'), uid)).toMatch(/does not exist/);
    expect(await untrustedReason(t.dir, uid)).toMatch(/privileged is not a regular file/);
    expect(await untrustedReason('dist/privileged/helper.cjs', uid)).toMatch(/not an absolute path/);
  });

  it.skipIf(uid !== 0)('refuses a file or a directory owned by another user (root running it: only root may own it)', async () => {
    const t = await tree();
    await fs.chown(t.file, 65534, 65534);
    expect(await untrustedReason(t.file, 0)).toMatch(/helper\.cjs is owned by uid 65534 \(only root may own it\)/);
    await fs.chown(t.file, 0, 0);
    await fs.chown(t.dir, 65534, 65534);
    expect(await untrustedReason(t.file, 0)).toMatch(/privileged is owned by uid 65534/);
    // The same tree is the user's own per-user install for uid 65534 (their own risk)...
    await fs.chown(t.top, 65534, 65534);
    expect(await untrustedReason(t.file, 65534)).toBeNull();
    // ...but never for a third user.
    expect(await untrustedReason(t.file, 1234)).toMatch(/is owned by uid 65534 \(only root or uid 1234 may own it\)/);
  });
});
