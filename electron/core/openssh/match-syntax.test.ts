/**
 * How a Match line is split into criteria, held to the real `ssh -G`: OpenSSH (readconf.c
 * match_cfg_line, 9.2) reads criteria with strdelim(), which splits at whitespace AND at one '='
 * and only knows "..." quotes. For each line: does ssh accept it, and does the block apply to
 * host `b` (its ServerAliveInterval 5 is used)? We must say the same, error at the same line.
 * None of these lines runs a command (no exec), so asking ssh is safe.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshGMany } from '../../../e2e/fixtures/configs/openssh';
import { loadModel } from './ssh-config';
import { resolveHost } from './resolve';

const LINES = [
  'Match host=b',
  'Match host=c',
  'Match HOST=B',
  'Match host = b',
  'Match host= b',
  'Match host =b',
  'Match !host=x,y',
  'Match !host=b,y',
  'Match host=a,b',
  'Match=host=b',
  'Match = host=b',
  'Match originalhost=b',
  'Match !originalhost=b',
  `Match user=${os.userInfo().username}`,
  `Match !user=${os.userInfo().username}`,
  `Match localuser=${os.userInfo().username} host=b`,
  'Match user=nobody-at-all',
  'Match all',
  'Match all=',
  'Match !all',
  'Match host=b all',
  'Match all host=b',
  'Match all ==x',
  'Match host==b',
  'Match host=a=b',
  'Match host b ==c',
  'Match host=',
  'Match host',
  'Match nosuch',
  'Match nosuch b',
  'Match h"os"t b',
  'Match "host" "b"',
  'Match "host"="b"',
  'Match host "b c"',
  'Match host b,"c d"',
  "Match host 'b'",
  'Match host="b"x',
  'Match host=b # comment',
  'Match host=b #comment',
  'Match # only a comment',
  'Match host=#b',
  'Match canonical',
  'Match !final=x',
  'Match host=b !canonical',
];

let dir = '';
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ska-match-syntax-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('Match criteria are split as ssh -G splits them', () => {
  it.each(LINES.map((l, i) => [l, i] as const))('%s', async (line, i) => {
    const config = path.join(dir, `config-${i}`);
    await fs.writeFile(config, `Host other\n  Port 2200\n${line}\n  ServerAliveInterval 5\n`, { mode: 0o600 });
    const [ssh] = await sshGMany(config, ['b'], dir, 1);
    const model = loadModel([{ path: config, kind: 'user' }], { homeDir: dir, platform: 'linux', checkPermissions: false });
    const errors = model.issues.filter((x) => x.severity === 'error').map((x) => `${path.basename(x.file)}:${x.line}`);
    if (!ssh!.ok) {
      expect(errors, `ssh: ${ssh!.stderr.trim()}`).toContain(`config-${i}:3`);
      return;
    }
    expect(errors, 'ssh accepts the line').toEqual([]);
    const ours = resolveHost(model, 'b', { localUser: os.userInfo().username, homeDir: dir });
    // canonical/final are runtime-only: ours is undecided there, and then only the decided case counts.
    if (ours.decided) expect(ours.values.serverAliveInterval.value).toBe(ssh!.values.serverAliveInterval);
    else expect(line).toMatch(/canonical|final/i);
  });
});
