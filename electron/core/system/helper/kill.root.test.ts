import { promises as fs } from 'node:fs';
import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { canRunRootTests, makeFixture, runHelper, sha, sshdT, type Fixture } from './testing/namespace';
import { previewAndRequest } from './testing/requests';

/**
 * SIGKILL at random moments of a change: the file is always the old or the new bytes, never a mix
 * (write to a temp file, fsync, rename), and sshd still accepts the config.
 */
const env = canRunRootTests();
const fixtures: Fixture[] = [];
afterAll(async () => {
  for (const f of fixtures) await f.cleanup();
});

describe.skipIf(!env.ok)(`kill during the write ${env.reason}`, () => {
  it('leaves the old or the new file, never a mix, and the helper works afterwards', async () => {
    // A large main file (no drop-in dir), so the helper rewrites ~2 MB and a torn write would show.
    const pad = Array.from({ length: 40_000 }, (_, i) => `# padding line ${i} keeps this file large enough to tear\n`).join('');
    const oldText = `Port 22\n${pad}Match User bob\n  X11Forwarding no\n`;
    const fx = await makeFixture({ files: { sshd_config: oldText } });
    fixtures.push(fx);
    const { plan, request } = await previewAndRequest(fx.dir, 'sshd_config', [{ keyword: 'ClientAliveInterval', action: 'set', value: 60 }]);
    const newText = plan.edits[0]!.after!;
    const oldHash = sha(oldText);
    const newHash = sha(newText);

    // Measure one full run to spread the kills over its whole duration.
    const t0 = performance.now();
    const control = await runHelper(fx, request);
    const fullMs = performance.now() - t0;
    expect(control.json).toMatchObject({ ok: true });
    await fs.writeFile(fx.real('/etc/ssh/sshd_config'), oldText);
    await fs.rm(fx.state, { recursive: true, force: true });
    await fs.mkdir(fx.state, { mode: 0o755 });

    const outcomes = { old: 0, new: 0 };
    const rounds = 24;
    for (let i = 0; i < rounds; i++) {
      const delay = (fullMs * (i + 0.5)) / rounds;
      await runHelper(fx, request, { onSpawn: (child) => setTimeout(() => child.kill('SIGKILL'), delay) });
      const h = sha(await fs.readFile(fx.real('/etc/ssh/sshd_config')));
      expect([oldHash, newHash]).toContain(h);
      if (h === newHash) {
        outcomes.new++;
        expect(sshdT(fx).get('clientaliveinterval')).toBe('60');
        await fs.writeFile(fx.real('/etc/ssh/sshd_config'), oldText);
      } else outcomes.old++;
      await fs.rm(fx.state, { recursive: true, force: true });
      await fs.mkdir(fx.state, { mode: 0o755 });
    }
    console.log(`kill test: one run ${fullMs.toFixed(0)} ms; ${rounds} kills -> old ${outcomes.old}, new ${outcomes.new}`);
    // Stray temp files never match the Include glob or the main name; the helper still works.
    for (const name of readdirSync(fx.dir)) expect(name === 'sshd_config' || !name.startsWith('sshd_config')).toBe(true);
    // Leftover temp files of killed writes are removed by the next run once they are old.
    const temps = readdirSync(fx.dir).filter((n) => n.includes('.ssh-keepalive-'));
    const old = new Date(Date.now() - 3_600_000);
    for (const t of temps) await fs.utimes(`${fx.dir}/${t}`, old, old);
    expect((await runHelper(fx, request)).json).toMatchObject({ ok: true });
    expect(sha(await fs.readFile(fx.real('/etc/ssh/sshd_config')))).toBe(newHash);
    expect(readdirSync(fx.dir).filter((n) => n.includes('.ssh-keepalive-'))).toEqual([]);
    console.log(`kill test: ${temps.length} temp files left by kills, all removed by the next run`);
  });
});
