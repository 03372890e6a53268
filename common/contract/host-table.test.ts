import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateConfig, installFixture, listFixtures, makeHome } from '../../e2e/fixtures/configs/index';
import { defaultContext } from '../../electron/core/kernel/context';
import { ClientConfigService } from '../../electron/core/hosts/service';
import { ConfigSnapshot, HostRow } from './hosts';
import { HostTable, encodeHostRows } from './host-table';

async function snapshotOf(home: Awaited<ReturnType<typeof makeHome>>) {
  return new ClientConfigService(defaultContext({ homeDir: home.home, stateDir: home.stateDir, systemConfigPath: null, localUser: os.userInfo().username })).snapshot(home.configPath);
}

/** The wire round trip must give back exactly what the row schema gives, field order included (`hosts --json`). */
function roundTrips(snap: ConfigSnapshot) {
  const viaRows = z.array(HostRow).parse(snap.hosts);
  const wire = z.encode(ConfigSnapshot, snap);
  const back = ConfigSnapshot.parse(JSON.parse(JSON.stringify(wire)));
  expect(back.hosts).toEqual(viaRows);
  expect(JSON.stringify(back.hosts)).toBe(JSON.stringify(viaRows));
  expect(JSON.stringify({ ...back, hosts: [] })).toBe(JSON.stringify({ ...ConfigSnapshot.parse(z.encode(ConfigSnapshot, { ...snap, hosts: [] })), hosts: [] }));
}

describe('the host table (ConfigSnapshot.hosts on the wire)', () => {
  it('gives back every row of every fixture exactly as the row schema does', async () => {
    for (const name of listFixtures()) {
      const home = await installFixture(name);
      try {
        roundTrips(await snapshotOf(home));
      } finally {
        await home.cleanup();
      }
    }
  });

  it('holds a generated 3,000-host config in a few verdicts and one route', async () => {
    const home = await makeHome('table3000', { config: generateConfig(3000) });
    try {
      const snap = await snapshotOf(home);
      roundTrips(snap);
      const t = encodeHostRows(snap.hosts);
      expect(t.routes).toHaveLength(1);
      expect(t.verdicts.length).toBeLessThan(200);
      expect(t.id.every((id) => id === null)).toBe(true);
    } finally {
      await home.cleanup();
    }
  });

  const row: HostRow = {
    id: 'custom id',
    pattern: 'web',
    file: '/c',
    line: 3,
    sampleHost: 'web',
    values: {
      serverAliveInterval: { value: 60, source: { kind: 'line', file: '/inc', line: 9 } },
      serverAliveCountMax: { value: 3, source: { kind: 'default' } },
      tcpKeepAlive: { value: false, source: { kind: 'line', file: '/c', line: 4 } },
    },
    connection: { hostName: 'web.example', port: 2222, user: 'me', identityFiles: ['~/.ssh/a'], proxyJump: 'bastion', proxyCommand: null },
    decided: false,
    undecidedReason: 'depends on runtime conditions: Match at /c:1',
    keepaliveOn: true,
    verdict: { protected: true, text: 'protected', facts: { kind: 'keepalive', interval: 60 } },
  };
  const snap = (hosts: unknown[]): ConfigSnapshot =>
    ({ configPath: '/c', files: [], hosts, allHosts: { block: null, sampleHost: 's', values: row.values, keepaliveOn: true, verdict: row.verdict }, natTimeoutSeconds: 300, issues: [], canUndo: false }) as ConfigSnapshot;

  it('keeps an id that is not file:line, a missing route and an undecided reason', () => {
    roundTrips(snap([row, { ...row, id: '/c:3', route: { kind: 'direct' } }]));
  });

  it('refuses a malformed row when encoding, as the row schema would', () => {
    for (const bad of [{ ...row, line: 0 }, { ...row, connection: { ...row.connection, port: '22' } }, { ...row, values: { ...row.values, serverAliveInterval: { value: -1, source: { kind: 'default' } } } }, { ...row, verdict: { protected: 'yes', text: 'x' } }, { ...row, pattern: undefined }]) {
      expect(() => z.encode(ConfigSnapshot, snap([row, bad])), JSON.stringify(bad)).toThrow();
      expect(HostRow.safeParse(bad).success).toBe(false);
    }
  });

  it('refuses a malformed table when decoding (a column too short, an index outside its table, a bad source)', () => {
    const good = encodeHostRows([row, row]);
    expect(HostTable.safeParse(good).success).toBe(true);
    const bads = [
      { ...good, port: [22] },
      { ...good, verdict: [0, 5] },
      { ...good, file: [0, 9] },
      { ...good, route: [-1, 0] },
      { ...good, serverAliveCountMax: { ...good.serverAliveCountMax, line: [0, 2] , file: [0, -1] } },
      { ...good, decided: [false, 'no'] },
    ];
    for (const bad of bads) expect(HostTable.safeParse(bad).success, JSON.stringify(bad).slice(0, 200)).toBe(false);
  });
});
