/**
 * Electron main-process entry (bundled to dist/main/index.cjs). Everything lives in app.ts so tests
 * can start it against a recording stand-in for the `electron` module.
 */
import { app, dialog } from 'electron';
import { startApp } from './app';

startApp().catch((err: unknown) => {
  dialog.showErrorBox('SSH Keepalive could not start', err instanceof Error ? (err.stack ?? err.message) : String(err));
  app.exit(1);
});
