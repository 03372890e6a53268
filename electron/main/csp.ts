/**
 * The renderer's Content-Security-Policy, sent as a response header by the app:// protocol.
 * Only our own bundled scripts and styles run; no eval, no inline script, no remote anything.
 * The renderer reaches the main process through the preload bridge, never over the network.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
