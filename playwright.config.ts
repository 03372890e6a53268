import { defineConfig } from '@playwright/test';

// Web e2e drives Debian's Chromium through the loopback web host; the Electron suite skips
// (saying why) where the Electron binary is not installed.
export default defineConfig({
  testDir: 'e2e',
  testMatch: ['web/**/*.spec.ts', 'electron/**/*.spec.ts'],
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
