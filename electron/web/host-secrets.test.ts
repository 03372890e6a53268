/**
 * The sudo password through the web host: whatever a request looks like (valid, malformed JSON, a
 * field that fails its schema, a server that cannot be reached), the answer never holds it.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultContext } from '../core/kernel/context';
import { startWebHost, type WebHost } from './host';
import { TOKEN_HEADER } from './security';

const SECRET = 'hunter2-Zq8';
/** V8 quotes a cut-short excerpt: any part of the password is too much. */
const PART = SECRET.slice(0, 7);

describe('the web host never echoes a sudo password', () => {
  let home: string;
  let host: WebHost;
  beforeAll(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'ska-websecret-'));
    await fs.mkdir(path.join(home, '.ssh'), { mode: 0o700 });
    // A host that cannot be reached: the answer is an ssh failure, quickly.
    await fs.writeFile(path.join(home, '.ssh', 'config'), 'Host nowhere\n    HostName 127.0.0.1\n    Port 1\n    ConnectTimeout 2\n', { mode: 0o600 });
    await fs.mkdir(path.join(home, 'www'));
    await fs.writeFile(path.join(home, 'www', 'index.html'), '<!doctype html><title>t</title>');
    host = await startWebHost({ ctx: defaultContext({ homeDir: home, stateDir: path.join(home, 'state'), systemConfigPath: null }), configPath: path.join(home, '.ssh', 'config'), staticDir: path.join(home, 'www') });
  });
  afterAll(async () => {
    await host.close();
    await fs.rm(home, { recursive: true, force: true });
  });

  const post = async (channel: string, body: string) => {
    const res = await fetch(`http://127.0.0.1:${host.port}/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: host.token }, body });
    return res.text();
  };
  const apply = { configPath: '', host: 'nowhere', change: { action: 'on', interval: 30 }, state: 'a'.repeat(64), digest: 'b'.repeat(64), reload: true };

  it('in a body that is not JSON (V8 quotes the text around the error)', async () => {
    const text = await post('remote-server:apply', `{"password":${SECRET}}`);
    expect(text).toContain('not valid JSON');
    expect(text).not.toContain(PART);
  });

  it('in a password its schema refuses', async () => {
    const text = await post('remote-server:apply', JSON.stringify({ ...apply, password: `${SECRET}\nx` }));
    expect(text).toContain('password: A sudo password cannot hold a line break');
    expect(text).not.toContain(PART);
  });

  it('in the answer of a call that carried it', async () => {
    const text = await post('remote-server:apply', JSON.stringify({ ...apply, password: SECRET }));
    expect(JSON.parse(text)).toMatchObject({ ok: true, value: { outcome: 'failed', failure: 'ssh-failed' } });
    expect(text).not.toContain(PART);
  });
});
