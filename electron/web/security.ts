import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentSecurityPolicy } from '../shell/csp';

/** The header every API call must carry; a header (not a cookie) so another site cannot send it. */
export const TOKEN_HEADER = 'x-keepalive-token';

/** The one policy of both shells, with the web's addition (its bridge fetches /api): shell/csp.ts. */
const CONTENT_SECURITY_POLICY = contentSecurityPolicy('web');

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenMatches(expected: string, got: string | string[] | undefined): boolean {
  if (typeof got !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(got);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * DNS rebinding defence: a page from evil.example whose name now resolves to 127.0.0.1 still sends
 * `Host: evil.example`. Only our own loopback names are served.
 */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  if (host === `127.0.0.1:${port}` || host === `localhost:${port}`) return true;
  // Browsers leave the default port out of the Host header.
  return port === 80 && (host === '127.0.0.1' || host === 'localhost');
}

/** A cross-site page may not even send requests carrying an Origin other than ours. */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const suffix = port === 80 ? ['', ':80'] : [`:${port}`];
  return suffix.some((s) => origin === `http://127.0.0.1${s}` || origin === `http://localhost${s}`);
}

export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), usb=(), serial=()');
}
