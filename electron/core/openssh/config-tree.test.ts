/**
 * Which Match lines apply to every host (so a value under them counts as the system ssh_config's
 * global value): decided on OpenSSH's own tokens (strdelim: split at '=', only "..." quotes), and
 * held to the real `ssh -G`: a line is "all" exactly when ssh accepts it and applies the block to
 * hosts no other criterion names.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshGMany } from '../../../e2e/fixtures/configs/openssh';
import { blockAppliesToAll, loadTree } from './config-tree';
import { memoryIo } from './memory-io';

const LINES = ['Match all', 'Match ALL', 'Match=all', 'Match all=', 'Match "all"', 'Match all # x', 'Match all #x', "Match 'all'", 'Match all ==x', 'Match all x', 'Match !all', 'Match host=b'];

let dir = '';
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ska-tree-all-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('blockAppliesToAll (Match all) agrees with ssh -G', () => {
  it.each(LINES.map((l, i) => [l, i] as const))('%s', async (line, i) => {
    const text = `Host zz\n  Port 1\n${line}\n  ServerAliveInterval 5\n`;
    const config = path.join(dir, `config-${i}`);
    await fs.writeFile(config, text, { mode: 0o600 });
    const results = await sshGMany(config, ['b', 'some-other-host'], dir, 2);
    const sshAll = results.every((r) => r.ok && r.values.serverAliveInterval === 5);
    const tree = await loadTree('/etc/ssh/ssh_config', 'ssh', memoryIo({ '/etc/ssh/ssh_config': text }));
    const d = tree.directives.find((x) => x.line.key === 'serveraliveinterval')!;
    expect(d.blocks.every(blockAppliesToAll), results.map((r) => (r.ok ? `${r.host}: ${r.values.serverAliveInterval}` : r.stderr.trim())).join('; ')).toBe(sshAll);
  });
});
