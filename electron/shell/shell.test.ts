import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../core/kernel/testing/temp-dirs';
import { watchFiles } from '../core/files/watch';
import { contentSecurityPolicy } from './csp';
import { contentTypeOf } from './mime';
import { rendererFile } from './safe-path';
import { SnapshotWatcher, type WatchFn } from './snapshot-watch';

describe('one Content-Security-Policy for both shells', () => {
  it('is the same strict base, the web adding only connect-src for its fetch bridge', () => {
    const electron = contentSecurityPolicy('electron');
    const web = contentSecurityPolicy('web');
    for (const csp of [electron, web]) {
      expect(csp).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self'/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*|http:|https:/);
    }
    expect(web).toBe(`${electron}; connect-src 'self'`);
  });
});

describe('one MIME table', () => {
  it('names what vite emits, and octet-stream for anything else', () => {
    expect(contentTypeOf('assets/index-abc.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('favicon.svg')).toBe('image/svg+xml');
    expect(contentTypeOf('x.map')).toMatch(/^application\/json/);
    expect(contentTypeOf('run.sh')).toBe('application/octet-stream');
  });
});

describe('one safe-path guard (app:// and the web host)', () => {
  const root = path.resolve('/srv/renderer');
  it('maps the root to index.html and plain paths inside the build', () => {
    expect(rendererFile(root, '/')).toBe(path.join(root, 'index.html'));
    expect(rendererFile(root, '')).toBe(path.join(root, 'index.html'));
    expect(rendererFile(root, '/assets/app-1.js')).toBe(path.join(root, 'assets', 'app-1.js'));
    expect(rendererFile(root, '/a%20b.css')).toBe(path.join(root, 'a b.css'));
  });
  it('refuses every way out, NUL, backslashes, dotfiles and bad escapes', () => {
    for (const p of ['/..', '/../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fsecret', '/..%5c..%5csecret', '/a\\b', '/%00.js', '/x%00', '/.env', '/assets/.git/config', '/./index.html', '/%E0%A4%A', '//etc/passwd/..']) {
      expect(rendererFile(root, p), p).toBeNull();
    }
  });
  it('an absolute path in the URL stays inside the build', () => {
    expect(rendererFile(root, '//etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
    expect(rendererFile(root, '/%2Fetc%2Fpasswd')).toBe(path.join(root, 'etc', 'passwd'));
  });
});

describe('one snapshot watcher', () => {
  const tmp = tempDirs();
  async function home(): Promise<{ config: string; extra: string }> {
    const d = tmp('ska-watch-');
    const config = path.join(d, 'config');
    const extra = path.join(d, 'extra.conf');
    await fs.writeFile(config, 'Include extra.conf\n');
    await fs.writeFile(extra, 'Host a\n');
    return { config, extra };
  }
  /** The real watcher, counting how often it is armed. */
  function counting(): { watch: WatchFn; armed: string[][] } {
    const armed: string[][] = [];
    return { armed, watch: (files, onChange) => (armed.push([...files]), watchFiles(files, onChange)) };
  }
  const snapshot = (configPath: string, files: string[]) => ({ configPath, files: files.map((p) => ({ path: p, exists: true, hash: '' })), hosts: [] });

  it('follows a snapshot and an answer carrying one, re-arming only when the set of files changes', async () => {
    const { config, extra } = await home();
    const { watch, armed } = counting();
    const changes: Array<{ configPath: string; files: string[] }> = [];
    let announce: () => void = () => undefined;
    const watcher = new SnapshotWatcher((p) => (changes.push(p), announce()), { watch });
    try {
      watcher.follow(snapshot(config, [config]));
      watcher.follow(snapshot(config, [config])); // same set: not re-armed
      watcher.follow({ snapshot: snapshot(config, [extra, config]) }); // keepalive:apply's answer, an Include added
      watcher.follow({ snapshot: snapshot(config, [config, extra, extra]) }); // same set, another order
      watcher.follow({ files: [{ name: 'x.reg' }] }); // not a snapshot (putty:export): ignored
      expect(armed).toEqual([[config], [config, extra].sort()]);
      const seen = new Promise<void>((resolve) => (announce = resolve));
      await fs.appendFile(extra, '  ServerAliveInterval 30\n');
      await seen;
      expect(changes[0]).toEqual({ configPath: config, files: [extra] });
    } finally {
      watcher.close();
    }
  });

  it('with `only` (the web host) ignores snapshots of any other config', async () => {
    const { config, extra } = await home();
    const { watch, armed } = counting();
    const watcher = new SnapshotWatcher(() => undefined, { watch, only: config });
    try {
      watcher.watch(config, []);
      watcher.follow(snapshot(extra, [extra]));
      expect(armed).toEqual([[config]]);
    } finally {
      watcher.close();
    }
  });
});
