import { promises as fs } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import type { ConfigSnapshot } from '../../../common/contract/hosts';
import { generateConfig, installFixture, listFixtures, makeHome } from '../../../e2e/fixtures/configs/index';
import { defaultContext } from '../kernel/context';
import { ClientConfigService } from './service';

/**
 * The snapshot apply() returns (computed incrementally after a local edit) must equal a snapshot
 * computed from scratch by a fresh service, for every decided host of every fixture, on and off.
 */
async function checkFixture(home: Awaited<ReturnType<typeof installFixture>>): Promise<{ compared: number; incremental: number; reusedPlans: number }> {
  const ctx = defaultContext({ homeDir: home.home, stateDir: home.stateDir, systemConfigPath: null, localUser: os.userInfo().username });
  const service = new ClientConfigService(ctx);
  let compared = 0;
  let incremental = 0;
  const first = await service.snapshot(home.configPath);
  if (first.issues.some((i) => i.severity === 'error')) return { compared, incremental, reusedPlans: 0 };
  for (const id of first.hosts.filter((h) => h.decided).map((h) => h.id).slice(0, 12)) {
    for (const action of ['on', 'off'] as const) {
      const before = await service.snapshot(home.configPath);
      const row = before.hosts.find((h) => h.id === id) ?? before.hosts.find((h) => h.id.startsWith(id.split(':')[0]!));
      if (!row) continue;
      const preview = service.preview({ configPath: home.configPath, target: { kind: 'block', file: row.file, line: row.line }, action, interval: 42 });
      if (preview.kind !== 'edit') continue;
      const baseHashes = Object.fromEntries(before.files.map((f) => [f.path, f.hash]));
      const result = await service.apply({ configPath: home.configPath, target: { kind: 'block', file: row.file, line: row.line }, action, interval: 42, baseHashes });
      const fresh = await new ClientConfigService(ctx).snapshot(home.configPath);
      expect(normalise(result.snapshot), `${home.name} ${action} ${row.pattern}`).toEqual(normalise(fresh));
      // The reused snapshot (no file change since) must equal it too.
      expect(normalise(await service.snapshot(home.configPath))).toEqual(normalise(fresh));
      compared++;
    }
  }
  incremental = service.incrementalSnapshots;
  return { compared, incremental, reusedPlans: service.reusedPlans };
}

const normalise = (s: ConfigSnapshot) => ({ ...s, files: [...s.files].sort((a, b) => a.path.localeCompare(b.path)) });

describe('snapshot after an edit equals a fresh computation', () => {
  for (const name of listFixtures()) {
    it(name, async () => {
      const home = await installFixture(name);
      try {
        await checkFixture(home);
      } finally {
        await home.cleanup();
      }
    });
  }

  it('a generated 2,000-host config with CRLF', async () => {
    const home = await makeHome('gen2000', { config: generateConfig(2000, { eol: '\r\n' }) });
    try {
      const r = await checkFixture(home);
      expect(r.compared).toBeGreaterThan(0);
      expect(r.incremental).toBeGreaterThan(0); // the fast path was really taken, and matched
      expect(r.reusedPlans).toBe(r.compared); // every apply wrote the plan its preview made
    } finally {
      await home.cleanup();
    }
  });

  it('apply plans again for an intent other than the one previewed, and after the file changed', async () => {
    const home = await makeHome('gen50', { config: generateConfig(50) });
    try {
      const service = new ClientConfigService(defaultContext({ homeDir: home.home, stateDir: home.stateDir, systemConfigPath: null, localUser: os.userInfo().username }));
      const snap = await service.snapshot(home.configPath);
      const row = snap.hosts.find((h) => h.sampleHost === 'node7')!;
      const target = { kind: 'block' as const, file: row.file, line: row.line };
      const baseHashes = Object.fromEntries(snap.files.map((f) => [f.path, f.hash]));
      service.preview({ configPath: home.configPath, target, action: 'on', interval: 42 });
      const r = await service.apply({ configPath: home.configPath, target, action: 'on', interval: 43, baseHashes });
      expect(r.summary).toContain('every 43 s');
      expect(service.reusedPlans).toBe(0);
      // A preview made before a write is never applied after it.
      service.preview({ configPath: home.configPath, target, action: 'on', interval: 44 });
      await fs.appendFile(home.configPath, '# edited elsewhere\n');
      const now = await service.snapshot(home.configPath);
      const r2 = await service.apply({ configPath: home.configPath, target, action: 'on', interval: 44, baseHashes: Object.fromEntries(now.files.map((f) => [f.path, f.hash])) });
      expect(r2.summary).toContain('every 44 s');
      expect(service.reusedPlans).toBe(0);
      expect(await fs.readFile(home.configPath, 'utf8')).toMatch(/ServerAliveInterval 44[\s\S]*# edited elsewhere\n$/);
    } finally {
      await home.cleanup();
    }
  });
});
