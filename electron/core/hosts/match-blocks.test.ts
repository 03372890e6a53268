import { afterEach, describe, expect, it } from 'vitest';
import { installFixture, type FixtureHome } from '../../../e2e/fixtures/configs/index';
import { defaultContext } from '../kernel/context';
import { createHostsFeature } from './handlers';

let home: FixtureHome | null = null;
afterEach(async () => {
  await home?.cleanup();
  home = null;
});

describe('the snapshot lists Match blocks as what they are', () => {
  it('developer-laptop: one Match block, its criteria as written, what it sets, and the host read after it', async () => {
    home = await installFixture('developer-laptop');
    const ctx = defaultContext({ homeDir: home.home, stateDir: home.stateDir, systemConfigPath: null, platform: 'linux' });
    const snap = await createHostsFeature(ctx).handlers['hosts:list']({ configPath: '' });
    const star = snap.hosts.find((h) => h.pattern === '*')!;
    expect(snap.matchBlocks).toEqual([
      {
        id: `${home.configPath}:60`,
        file: home.configPath,
        line: 60,
        criteria: 'host *.example.com exec "test -f ~/.ssh/at-the-office"',
        runtime: true,
        sets: [{ keyword: 'ServerAliveInterval', value: '20', line: 61 }],
        before: star.id,
      },
    ]);
    // Not a host: no row is made of it.
    expect(snap.hosts.some((h) => h.line === 60 && h.file === home!.configPath)).toBe(false);
  });
});
