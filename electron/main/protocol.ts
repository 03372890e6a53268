import fs from 'node:fs/promises';
import { protocol } from 'electron';
import { contentSecurityPolicy } from '../shell/csp';
import { contentTypeOf } from '../shell/mime';
import { APP_SCHEME } from './origin';
import { resolveAppFile } from './protocol-files';

/**
 * Must run before `app.ready`: app:// behaves like https (standard, secure) so the renderer gets
 * a real origin for its CSP 'self', and fetch() works against it. No CORS, no service workers.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves the built renderer (dist/renderer, inside the asar when packaged) with the CSP header. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, rendererDir);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await fs.readFile(file);
      return new Response(body, {
        status: 200,
        headers: {
          'Content-Type': contentTypeOf(file),
          'Content-Security-Policy': contentSecurityPolicy('electron'),
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-cache',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
