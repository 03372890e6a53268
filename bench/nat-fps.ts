/**
 * Frames per second of the "Why sessions die" animation (prints numbers, not a test).
 * Debian's Chromium with the e2e launch flags (--disable-gpu: software rendering, headless), the real
 * NatView with 10 and 50 hosts playing, beside a reference measured in the same run: the same page
 * bundle with only the frame counter (an empty requestAnimationFrame loop). Target: >= 55 fps with
 * 50 hosts.
 * Run: npx tsx bench/nat-fps.ts [--seconds 5] [--rounds 3]
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import config from '../playwright.config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_FPS = 55;
const WARMUP_MS = 1_500;
const argSeconds = process.argv.indexOf('--seconds');
const MEASURE_MS = (argSeconds > 0 ? Number(process.argv[argSeconds + 1]) : 5) * 1000;

async function bundle(dir: string): Promise<void> {
  await build({
    entryPoints: [path.join(root, 'bench', 'nat-fps-page.tsx')],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    jsx: 'automatic',
    outdir: dir,
    entryNames: 'page',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  await fs.writeFile(
    path.join(dir, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>nat fps</title><link rel="stylesheet" href="page.css"></head>' +
      '<body><div id="root"></div><script src="page.js"></script></body></html>',
  );
}

function serve(dir: string): Promise<http.Server> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = http.createServer((req, res) => {
    const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname) || 'index.html';
    fs.readFile(path.join(dir, name)).then(
      (body) => {
        res.writeHead(200, { 'content-type': types[path.extname(name)] ?? 'application/octet-stream' });
        res.end(body);
      },
      () => {
        res.writeHead(404);
        res.end();
      },
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

interface Measurement {
  fps: number;
  p95FrameMs: number;
  packetsDrawn: number;
  /** Main-thread work (script, style, layout, paint records) per frame: less sensitive to a busy machine than fps. */
  busyMsPerFrame: number;
}

type Metrics = Record<string, number>;

async function measure(browser: Browser, url: string, speed: number | null): Promise<Measurement> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  if (speed !== null) {
    await page.getByRole('img', { name: /^NAT diagram/ }).waitFor();
    await page.getByRole('combobox', { name: 'Speed' }).selectOption(String(speed));
  }
  await page.waitForTimeout(WARMUP_MS);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async (): Promise<Metrics> =>
    Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metrics();
  const from = await page.evaluate(() => window.benchFrames.length);
  await page.waitForTimeout(MEASURE_MS);
  const after = await metrics();
  const result = await page.evaluate((start) => {
    const frames = window.benchFrames.slice(start);
    const gaps = frames.slice(1).map((t, i) => t - frames[i]!).sort((a, b) => a - b);
    const span = frames[frames.length - 1]! - frames[0]!;
    return {
      fps: ((frames.length - 1) * 1000) / span,
      p95FrameMs: gaps[Math.floor(gaps.length * 0.95)] ?? 0,
      packetsDrawn: document.querySelectorAll('.nat-moving circle').length,
      frameCount: frames.length - 1,
    };
  }, from);
  const frames = Math.max(1, result.frameCount);
  const busyMsPerFrame = (((after.TaskDuration ?? 0) - (before.TaskDuration ?? 0)) * 1000) / frames;
  await page.close();
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  return { fps: result.fps, p95FrameMs: result.p95FrameMs, packetsDrawn: result.packetsDrawn, busyMsPerFrame };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const argRounds = process.argv.indexOf('--rounds');
const ROUNDS = argRounds > 0 ? Number(process.argv[argRounds + 1]) : 3;
const SCENARIOS: Array<{ name: string; hosts: number | null; speed: number | null }> = [
  { name: 'reference  empty rAF loop page', hosts: null, speed: null },
  { name: 'nat view   10 hosts at  10x', hosts: 10, speed: 10 },
  { name: 'nat view   50 hosts at  10x', hosts: 50, speed: 10 },
  { name: 'nat view   50 hosts at 600x', hosts: 50, speed: 600 },
];

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nat-fps-'));
await bundle(dir);
const server = await serve(dir);
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`;
const launch = config.use?.launchOptions ?? {};
const browser = await chromium.launch({ ...launch, headless: true });
try {
  // Rounds interleave the reference and the view, so a machine busy with other work slows both alike;
  // medians over rounds are printed.
  const results = SCENARIOS.map(() => [] as Measurement[]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, sc] of SCENARIOS.entries()) {
      results[i]!.push(await measure(browser, sc.hosts === null ? `${base}#mode=empty` : `${base}#mode=nat&hosts=${sc.hosts}`, sc.speed));
    }
  }
  const load = os.loadavg()[0]!.toFixed(1);
  console.log(`chromium ${browser.version()}, software rendering (--disable-gpu), ${os.cpus().length} cores (load ${load}), ${ROUNDS} rounds x ${MEASURE_MS / 1000} s, medians`);
  const refFps = median(results[0]!.map((m) => m.fps));
  for (const [i, sc] of SCENARIOS.entries()) {
    const ms = results[i]!;
    const fps = median(ms.map((m) => m.fps));
    const line =
      `${sc.name}: ${fps.toFixed(1)} fps` +
      (sc.hosts === null ? '' : ` = ${(fps / refFps).toFixed(2)}x reference`) +
      `, p95 frame ${median(ms.map((m) => m.p95FrameMs)).toFixed(1)} ms, main thread ${median(ms.map((m) => m.busyMsPerFrame)).toFixed(2)} ms/frame` +
      (sc.hosts === null ? '' : `, ${Math.round(median(ms.map((m) => m.packetsDrawn)))} packets on screen`) +
      (sc.hosts === 50 ? `; target >= ${TARGET_FPS} fps: ${fps >= TARGET_FPS ? 'met' : 'NOT met'}` : '') +
      ` (runs: ${ms.map((m) => m.fps.toFixed(1)).join(', ')})`;
    console.log(line);
  }
} finally {
  await browser.close();
  server.close();
  if (!process.env.NAT_FPS_KEEP) await fs.rm(dir, { recursive: true, force: true });
}
