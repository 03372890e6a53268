import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { AppError, type Result } from '../../common/contract/errors';
import { defaultContext, resolveConfigPath, type HandlerContext } from '../core/kernel/context';
import { dispatchWire, type Handlers } from '../core/kernel/dispatch';
import { createHandlers } from '../core/handlers';
import { packageRoot } from '../core/kernel/package-root';
import { SnapshotWatcher, watchingSnapshots } from '../shell/snapshot-watch';
import { EventStream } from './event-stream';
import { openBrowser, type BrowserLaunch } from './open-browser';
import { hostAllowed, originAllowed, setSecurityHeaders, TOKEN_HEADER, tokenMatches, newToken } from './security';
import { plain, serveStatic } from './static-files';

export interface WebHostOptions {
  /** 0 / absent = a random free port. */
  port?: number;
  /** The config this host manages; a request's '' configPath means this file. Default: ~/.ssh/config. */
  configPath?: string;
  ctx?: HandlerContext;
  /** Open the URL in the default browser, through a private launch page (never on a command line). */
  open?: boolean;
  /** Where a one-line notice goes (e.g. why no browser was opened). Default: stderr. */
  warn?: (line: string) => void;
  /** The built renderer (default: <package root>/dist/renderer). */
  staticDir?: string;
  /** The channel implementations (default: core's createHandlers(ctx)). */
  handlers?: Handlers;
}

export interface WebHost {
  /** http://127.0.0.1:<port>/#token=<token> */
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20;

/** The package the running code is in (the renderer build is served from it): one rule with the helper's launcher. */
export { packageRoot };

/**
 * The loopback web host: the same renderer and the same handlers as the Electron window, over HTTP.
 * Binds 127.0.0.1 only, a random port by default, and a random token that every API call must
 * carry in a header; the page gets the token in the URL fragment, which browsers never send.
 */
export async function startWebHost(options: WebHostOptions = {}): Promise<WebHost> {
  const ctx = options.ctx ?? defaultContext();
  const rootConfig = resolveConfigPath(ctx, options.configPath ?? '');
  const events = new EventStream();
  // Every file the config reads (Includes too) is watched once a snapshot has named it; this host
  // serves one config, so only that one is followed.
  const watcher = new SnapshotWatcher((payload) => events.send('config:changed', payload), { only: rootConfig });
  watcher.watch(rootConfig, []);
  const handlers = watchingSnapshots(options.handlers ?? createHandlers(ctx, { emit: (name, payload) => events.send(name, payload) }), watcher);
  const staticDir = path.resolve(options.staticDir ?? path.join(packageRoot(), 'dist', 'renderer'));
  const token = newToken();
  let port = 0;
  /** The private page the browser was opened on, until it is no longer needed. */
  let launch: BrowserLaunch | null = null;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) plain(res, 500, 'Internal error');
      else res.end();
      console.error('web host:', err);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    if (!hostAllowed(req, port)) return plain(res, 421, 'Unknown host');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed');
      return serveStatic(staticDir, url.pathname, res, req.method === 'HEAD');
    }
    if (!originAllowed(req, port)) return plain(res, 403, 'Cross-origin request refused');
    if (!tokenMatches(token, req.headers[TOKEN_HEADER])) return plain(res, 401, 'Missing or wrong token');
    // The browser has followed the launch page: it has no further use and holds the token.
    void launch?.forget();
    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') return plain(res, 405, 'Method not allowed');
      events.add(res);
      return;
    }
    if (req.method !== 'POST') return plain(res, 405, 'Method not allowed');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return plain(res, 415, 'Expected application/json');
    }
    const channel = decodeURIComponent(url.pathname.slice('/api/'.length));
    let result: Result<unknown>;
    try {
      const body = parseJson(await readBody(req));
      // Started for the default config: '' stays '' (as in the window: ssh's own file, plus the
      // system-wide one and its permission check); started with --config: '' means that file.
      const asked = (body as { configPath?: unknown } | null)?.configPath;
      if (typeof asked === 'string' && asked !== '' && path.resolve(asked) !== rootConfig) {
        // A token holder must not read or write other files through this host (errors quote lines).
        throw new Error(`this web host serves ${rootConfig} only`);
      }
      result = await dispatchWire(handlers, channel, options.configPath ? withDefaultConfig(body, rootConfig) : body);
    } catch (err) {
      result = { ok: false, error: new AppError('invalid-input', `Bad request: ${(err as Error).message}`).toData() };
    }
    const json = JSON.stringify(result);
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(json);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/#token=${token}`;
  if (options.open) launch = await openBrowser(url, options.warn ?? ((line) => process.stderr.write(line + '\n')));

  return {
    url,
    token,
    port,
    close: async () => {
      await launch?.forget();
      watcher.close();
      events.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** A request for '' (the default config) means the file this host was started for. */
function withDefaultConfig(body: unknown, rootConfig: string): unknown {
  if (body && typeof body === 'object' && !Array.isArray(body) && (body as { configPath?: unknown }).configPath === '') {
    return { ...body, configPath: rootConfig };
  }
  return body;
}

/**
 * The body as JSON. V8's own message quotes the text around a syntax error, which would send a
 * secret field (a sudo password) back in the answer: the error only says that it did not parse.
 */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error('the body is not valid JSON');
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
