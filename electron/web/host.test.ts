import { promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAnswer } from '../../common/contract/bridge-checks';
import { contentSecurityPolicy } from '../shell/csp';
import { defaultContext } from '../core/kernel/context';
import { startWebHost, type WebHost } from './host';
import { TOKEN_HEADER } from './security';

/** Raw HTTP, so the test controls the Host and Origin headers a browser would send. */
function request(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('loopback web host', () => {
  let home: string;
  let staticDir: string;
  let host: WebHost;
  const config = 'Host web1\n    ServerAliveInterval 30\n';

  beforeAll(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'ska-webhost-'));
    await fs.mkdir(path.join(home, '.ssh'), { mode: 0o700 });
    await fs.writeFile(path.join(home, '.ssh', 'config'), config, { mode: 0o600 });
    await fs.writeFile(path.join(home, 'secret.txt'), 'not for the web');
    staticDir = path.join(home, 'www');
    await fs.mkdir(staticDir);
    await fs.writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
    await fs.mkdir(path.join(staticDir, 'assets'));
    await fs.writeFile(path.join(staticDir, 'assets', 'app.js'), 'export {};\n');
    // Links planted in the served folder: to a file outside it, and to a directory outside it.
    await fs.symlink(path.join(home, 'secret.txt'), path.join(staticDir, 'leak.txt'));
    await fs.symlink(home, path.join(staticDir, 'assets', 'up'));
    host = await startWebHost({ ctx: defaultContext({ homeDir: home, stateDir: path.join(home, 'state'), systemConfigPath: null }), staticDir });
  });
  afterAll(async () => {
    await host.close();
    await fs.rm(home, { recursive: true, force: true });
  });

  const api = (headers: Record<string, string>, body = JSON.stringify({ configPath: '' })) =>
    request(host.port, { method: 'POST', path: '/api/hosts:list', headers: { 'content-type': 'application/json', host: `127.0.0.1:${host.port}`, ...headers }, body });

  it('listens on 127.0.0.1 only, on a random port, with a long random token in the URL fragment', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.port).toBeGreaterThan(0);
    expect(host.token.length).toBeGreaterThanOrEqual(40);
  });

  it('answers a call with the right token through the contract, for the config it was started for', async () => {
    const res = await api({ [TOKEN_HEADER]: host.token });
    expect(res.status).toBe(200);
    // The rows travel as a host table: decoded as the page decodes them.
    const body = checkAnswer('hosts:list', JSON.parse(res.body));
    if (!body.ok) throw new Error(body.error.message);
    expect(body.value.configPath).toBe(path.join(home, '.ssh', 'config'));
    expect(body.value.hosts.map((h) => h.pattern)).toEqual(['web1']);
  });

  it('refuses every API call without the token or with a wrong one', async () => {
    expect((await api({})).status).toBe(401);
    expect((await api({ [TOKEN_HEADER]: host.token.slice(0, -1) + (host.token.endsWith('A') ? 'B' : 'A') })).status).toBe(401);
    expect((await request(host.port, { path: '/api/events', headers: { host: `127.0.0.1:${host.port}` } })).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin, even with the token', async () => {
    expect((await api({ [TOKEN_HEADER]: host.token, host: `evil.example:${host.port}` })).status).toBe(421);
    expect((await request(host.port, { path: '/', headers: { host: 'evil.example' } })).status).toBe(421);
    expect((await api({ [TOKEN_HEADER]: host.token, origin: 'http://evil.example' })).status).toBe(403);
  });

  it('answers bad requests with a contract error, not a crash', async () => {
    const bad = JSON.parse((await api({ [TOKEN_HEADER]: host.token }, '{"configPath": 5}')).body) as { ok: boolean; error: { code: string } };
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const unknown = await request(host.port, { method: 'POST', path: '/api/nope', headers: { 'content-type': 'application/json', host: `127.0.0.1:${host.port}`, [TOKEN_HEADER]: host.token }, body: '{}' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect((await api({ [TOKEN_HEADER]: host.token, 'content-type': 'text/plain' })).status).toBe(415);
    const notJson = JSON.parse((await api({ [TOKEN_HEADER]: host.token }, '{oops')).body) as { ok: boolean };
    expect(notJson.ok).toBe(false);
  });

  it('serves the renderer with security headers and nothing outside its directory', async () => {
    const index = await request(host.port, { path: '/', headers: { host: `localhost:${host.port}` } });
    expect(index.status).toBe(200);
    // The one policy of both shells (shell/csp.ts): nothing by default, connect-src for the API.
    expect(index.headers['content-security-policy']).toBe(contentSecurityPolicy('web'));
    expect(index.headers['content-security-policy']).toContain("default-src 'none'");
    expect(index.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(index.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(index.headers['x-frame-options']).toBe('DENY');
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/.ssh/config']) {
      const res = await request(host.port, { path: p, headers: { host: `127.0.0.1:${host.port}` } });
      expect(res.status, p).toBe(404);
      expect(res.body).not.toContain('not for the web');
    }
    expect((await request(host.port, { method: 'POST', path: '/', headers: { host: `127.0.0.1:${host.port}` } })).status).toBe(405);
  });

  it('refuses a symlink inside the served folder (file or directory), and still serves real files below it', async () => {
    for (const p of ['/leak.txt', '/assets/up/secret.txt']) {
      const res = await request(host.port, { path: p, headers: { host: `127.0.0.1:${host.port}` } });
      expect(res.status, p).toBe(404);
      expect(res.body).not.toContain('not for the web');
    }
    const real = await request(host.port, { path: '/assets/app.js', headers: { host: `127.0.0.1:${host.port}` } });
    expect(real.status).toBe(200);
    expect(real.headers['content-type']).toContain('text/javascript');
  });

  it('pushes config:changed over Server-Sent Events when the file changes on disk', async () => {
    const got = new Promise<string>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: host.port, path: '/api/events', headers: { host: `127.0.0.1:${host.port}`, [TOKEN_HEADER]: host.token } },
        (res) => {
          expect(res.headers['content-type']).toContain('text/event-stream');
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString('utf8');
            if (text.includes('event: config:changed')) {
              req.destroy();
              resolve(text);
            } else if (text.includes(': connected')) {
              void fs.appendFile(path.join(home, '.ssh', 'config'), '# touched\n');
            }
          });
        },
      );
      req.on('error', (err) => (err.message.includes('aborted') || err.message.includes('socket hang up') ? undefined : reject(err)));
      req.end();
      setTimeout(() => reject(new Error('no config:changed event within 10 s')), 10_000).unref();
    });
    const text = await got;
    const data = /data: (.*)\n/.exec(text.slice(text.indexOf('event: config:changed')))?.[1];
    expect(JSON.parse(data ?? 'null')).toEqual({ configPath: path.join(home, '.ssh', 'config'), files: [path.join(home, '.ssh', 'config')] });
  });
});
