import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recorder } from './test-support/fake-electron';

vi.mock('electron', async () => (await import('./test-support/fake-electron')).electronModule);

const { startApp } = await import('./app');
const { pickEditor } = await import('./editor');

const trustedEvent = { senderFrame: { url: 'app://keepalive/index.html', parent: null } };
interface Answer {
  ok: boolean;
  value?: { how: string; program: string };
  error?: { code: string; message: string };
}

/** A stand-in editor: a real executable that writes the arguments it was started with to $OUT. */
function fakeEditor(dir: string, name: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, '#!/bin/sh\nprintf "%s\\n" "$@" > "$OUT"\n', { mode: 0o755 });
  return file;
}

async function waitForFile(file: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    if (fs.existsSync(file)) {
      const text = fs.readFileSync(file, 'utf8');
      if (text.endsWith('\n')) return text;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${file} was never written`);
}

let tmp: string;
let home: string;
let included: string;
let out: string;
const saved = { ...process.env };
const cwd = process.cwd();

beforeEach(() => {
  recorder.reset();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sk-editor-'));
  recorder.appPath = tmp;
  recorder.userData = path.join(tmp, 'user-data');
  home = path.join(tmp, 'home');
  fs.mkdirSync(path.join(home, '.ssh', 'conf.d'), { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(home, '.ssh', 'config'), 'Include conf.d/*.conf\n\nHost a\n  ServerAliveInterval 30\n', { mode: 0o600 });
  included = path.join(home, '.ssh', 'conf.d', 'work.conf');
  fs.writeFileSync(included, 'Host b\n  User b\n\nHost c\n  Port 2222\n', { mode: 0o600 });
  fs.writeFileSync(path.join(home, '.ssh', 'known_hosts'), 'not a config\n', { mode: 0o600 });
  out = path.join(tmp, 'editor-args.txt');
  // The app reads the user's config from HOME; the editor comes from this process's environment.
  process.env.HOME = home;
  process.env.OUT = out;
  delete process.env.VISUAL;
  delete process.env.EDITOR;
});

afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  process.chdir(cwd);
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function openInEditor(request: unknown): Promise<Answer> {
  if (!recorder.ipcHandlers.has('editor:open')) await startApp();
  return (await recorder.ipcHandlers.get('editor:open')!(trustedEvent, request)) as Answer;
}

describe('editor:open in the window (main/editor.ts through the real IPC and handlers)', () => {
  it("starts $VISUAL at the line for a file the config includes (VS Code's -g file:line)", async () => {
    fakeEditor(path.join(tmp, 'bin'), 'code');
    process.env.PATH = `${path.join(tmp, 'bin')}${path.delimiter}/usr/bin${path.delimiter}/bin`;
    process.env.VISUAL = 'code --wait';
    const answer = await openInEditor({ configPath: '', file: included, line: 4 });
    expect(answer).toEqual({ ok: true, value: { how: 'editor', program: 'code' } });
    expect((await waitForFile(out)).split('\n')).toEqual(['--wait', '-g', `${included}:4`, '']);
    expect(recorder.openedPaths).toEqual([]);
  });

  it('gedit and friends get +LINE before the file; $EDITOR is read when $VISUAL is unset', async () => {
    fakeEditor(path.join(tmp, 'bin'), 'gedit');
    process.env.PATH = path.join(tmp, 'bin');
    process.env.EDITOR = 'gedit';
    const config = path.join(home, '.ssh', 'config');
    const answer = await openInEditor({ configPath: '', file: config, line: 3 });
    expect(answer.value).toEqual({ how: 'editor', program: 'gedit' });
    expect(await waitForFile(out)).toBe(`+3\n${config}\n`);
  });

  it('a terminal editor (vim, emacs -nw) would run invisibly: the OS default app opens the file instead', async () => {
    fakeEditor(path.join(tmp, 'bin'), 'vim');
    fakeEditor(path.join(tmp, 'bin'), 'emacs');
    process.env.PATH = path.join(tmp, 'bin');
    for (const editor of ['vim', 'emacs -nw']) {
      recorder.reset();
      process.env.VISUAL = editor;
      const answer = await openInEditor({ configPath: '', file: included, line: 2 });
      expect(answer.value, editor).toEqual({ how: 'default-app', program: 'the default app' });
      expect(recorder.openedPaths).toEqual([included]);
    }
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses a file the config does not name, and any other config, before starting anything', async () => {
    fakeEditor(path.join(tmp, 'bin'), 'code');
    process.env.PATH = path.join(tmp, 'bin');
    process.env.VISUAL = 'code';
    for (const file of [path.join(home, '.ssh', 'known_hosts'), '/etc/passwd', `${included}/../work.conf`, path.join(home, '.ssh', 'conf.d', 'WORK.conf')]) {
      const answer = await openInEditor({ configPath: '', file, line: 1 });
      expect(answer.ok, file).toBe(false);
      expect(answer.error?.code, file).toBe('permission');
    }
    // A page naming another "config" would have that file's Includes (or the file itself) listed.
    const other = await openInEditor({ configPath: '/etc/passwd', file: '/etc/passwd', line: 1 });
    expect(other.error?.code).toBe('permission');
    // A newline or NUL in the path never reaches a handler.
    const bad = await openInEditor({ configPath: '', file: `${included}\n--help`, line: 1 });
    expect(bad.error?.code).toBe('invalid-input');
    expect(fs.existsSync(out)).toBe(false);
    expect(recorder.openedPaths).toEqual([]);
  });

  it('never runs an editor planted in the working directory through a relative PATH entry', async () => {
    const planted = path.join(tmp, 'planted');
    fakeEditor(planted, 'code');
    process.chdir(planted);
    process.env.PATH = `.${path.delimiter}bin`;
    process.env.VISUAL = 'code';
    const answer = await openInEditor({ configPath: '', file: included, line: 1 });
    expect(answer.value).toEqual({ how: 'default-app', program: 'the default app' });
    expect(recorder.openedPaths).toEqual([included]);
    expect(fs.existsSync(out)).toBe(false);
  });

  it("says what went wrong when the OS cannot open the file either", async () => {
    recorder.openPathAnswer = 'No application knows how to open this file';
    const answer = await openInEditor({ configPath: '', file: included, line: 1 });
    expect(answer.ok).toBe(false);
    expect(answer.error).toMatchObject({ code: 'io', message: `Could not open ${included}: No application knows how to open this file` });
  });
});

describe('pickEditor', () => {
  const bin = () => path.join(tmp, 'bin');
  it('knows each editor by its program name and skips values with shell syntax', () => {
    for (const name of ['code', 'subl', 'kate', 'idea']) fakeEditor(bin(), name);
    const env = (v: string) => ({ PATH: bin(), VISUAL: v });
    expect(pickEditor(env('code'), '/f', 7, 'linux')).toEqual({ program: path.join(bin(), 'code'), args: ['-g', '/f:7'] });
    expect(pickEditor(env('subl -n'), '/f', 7, 'linux')?.args).toEqual(['-n', '/f:7']);
    expect(pickEditor(env('kate'), '/f', 7, 'linux')?.args).toEqual(['--line', '7', '/f']);
    expect(pickEditor(env(path.join(bin(), 'idea')), '/f', 7, 'linux')?.args).toEqual(['--line', '7', '/f']);
    expect(pickEditor(env('code; touch /tmp/x'), '/f', 7, 'linux')).toBeNull();
    expect(pickEditor(env('$(evil) code'), '/f', 7, 'linux')).toBeNull();
    expect(pickEditor(env('nano'), '/f', 7, 'linux')).toBeNull();
    expect(pickEditor(env('bin/code'), '/f', 7, 'linux')).toBeNull();
    expect(pickEditor({ PATH: bin() }, '/f', 7, 'linux')).toBeNull();
  });
});
