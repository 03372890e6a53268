import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, promises as fs, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWithSudoPrompt, shellQuote, sudoPromptCommand, sudoPromptOptions, unsafeWorkingDirectory, writeRequestFile, type SudoPromptExec } from './sudo-prompt';

/**
 * macOS elevation: what sudo-prompt is asked to run as root. The command line is run here by a real
 * shell (as sudo-prompt's applet does, without the root part) to show each word stays one literal
 * argument and the request reaches stdin only.
 */
const scratch = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'ska-sudo-prompt-')));
afterAll(() => fs.rm(scratch, { recursive: true, force: true }));

/** Stands in for sudo-prompt: runs the command with bash as the user (sudo-prompt runs it as root). */
const bashExec =
  (seen: { command?: string; options?: object } = {}): SudoPromptExec =>
  (command, options, callback) => {
    seen.command = command;
    seen.options = options;
    try {
      callback(undefined, execFileSync('/bin/bash', ['-c', command], { encoding: 'utf8', cwd: scratch }));
    } catch (err) {
      const e = err as Error & { status?: number; stdout?: string };
      callback(Object.assign(new Error(`Command failed: ${command}`), { code: e.status ?? 1 }), e.stdout ?? '');
    }
  };

// A program that prints its arguments one per line, then its stdin: stands in for the helper.
const echo = path.join(scratch, "echo args 'n' stdin.sh");
const hostile = ["it's", '$(touch pwned)', '`touch pwned2`', 'a b\nc', '"; touch pwned3; "', '\\'];

describe('the command line sudo-prompt runs as root', () => {
  it('single-quotes every word: a real shell sees each as one literal argument, and runs nothing else', async () => {
    await fs.writeFile(echo, '#!/bin/sh\nfor a in "$@"; do printf "[%s]\\n" "$a"; done\ncat\n', { mode: 0o700 });
    const { dir, file } = await writeRequestFile('{"op":"apply"}', scratch);
    try {
      const command = sudoPromptCommand([echo, ...hostile], file);
      const out = execFileSync('/bin/bash', ['-c', command], { encoding: 'utf8', cwd: scratch });
      expect(out).toBe([...hostile, 'run'].map((a) => `[${a}]\n`).join('') + '{"op":"apply"}');
      for (const f of ['pwned', 'pwned2', 'pwned3']) expect(existsSync(path.join(scratch, f)), f).toBe(false);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('holds no byte of the request: only the helper, `run` and the request file', async () => {
    const marker = 'REQUEST-MARKER-1234';
    const json = JSON.stringify({ version: 1, op: 'apply', target: 'sshd_config', changes: [{ keyword: 'ClientAliveInterval', action: 'set', value: 60 }], note: marker });
    const { dir, file } = await writeRequestFile(json, scratch);
    try {
      const command = sudoPromptCommand(['/usr/bin/node', '/opt/ssh-keepalive/dist/privileged/helper.cjs'], file);
      expect(command).toBe(`'/usr/bin/node' '/opt/ssh-keepalive/dist/privileged/helper.cjs' 'run' < ${shellQuote(file)}`);
      expect(command).not.toContain(marker);
      expect(command).not.toContain('{');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('passes env only when it has keys (sudo-prompt rejects an empty one)', () => {
    expect(sudoPromptOptions({})).toEqual({ name: 'SSH Keepalive' });
    expect('env' in sudoPromptOptions({})).toBe(false);
    expect(sudoPromptOptions({ ELECTRON_RUN_AS_NODE: '1' })).toEqual({ name: 'SSH Keepalive', env: { ELECTRON_RUN_AS_NODE: '1' } });
    // sudo-prompt's own name rule: letters, digits and spaces.
    expect(sudoPromptOptions({}).name).toMatch(/^[a-z0-9 ]+$/i);
  });

  it('refuses a working directory a shell would expand (sudo-prompt cds into it as root)', () => {
    expect(unsafeWorkingDirectory('/Users/me/Projects/my app')).toBeNull();
    for (const cwd of ['/tmp/$(id)', '/tmp/`id`', '/tmp/a\\b', '/tmp/"x', '/tmp/a\nb']) expect(unsafeWorkingDirectory(cwd), cwd).toBe(cwd);
  });
});

describe('the request file', () => {
  it('is a 0600 file of this user in a fresh 0700 directory, never an existing file', async () => {
    const { dir, file } = await writeRequestFile('{}', scratch);
    try {
      expect(path.dirname(file)).toBe(dir);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(file).uid).toBe(process.getuid!());
      expect(await fs.readFile(file, 'utf8')).toBe('{}');
      const again = await writeRequestFile('{}', scratch);
      expect(again.dir).not.toBe(dir);
      await fs.rm(again.dir, { recursive: true });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('runWithSudoPrompt', () => {
  const helper = { argv: [echo], env: {}, files: [echo] };

  it('hands the helper the request on stdin, passes no empty env, and removes the request file', async () => {
    const seen: { command?: string; options?: object } = {};
    const r = await runWithSudoPrompt(helper, '{"x":1}', { exec: bashExec(seen), cwd: scratch, tmpDir: scratch });
    expect(r).toEqual({ kind: 'stdout', stdout: '[run]\n{"x":1}' });
    expect(seen.options).toEqual({ name: 'SSH Keepalive' });
    const file = /< '([^']+)'$/.exec(seen.command!)![1]!;
    expect(existsSync(path.dirname(file))).toBe(false);
  });

  it('a dismissed dialog is "cancelled"; a refusal from the helper (exit 1) still gives its answer', async () => {
    const dismissed: SudoPromptExec = (_c, _o, cb) => cb(new Error('User did not grant permission.'));
    expect(await runWithSudoPrompt(helper, '{}', { exec: dismissed, cwd: scratch, tmpDir: scratch })).toEqual({ kind: 'cancelled' });
    const refusing = path.join(scratch, 'refuse.sh');
    await fs.writeFile(refusing, '#!/bin/sh\necho \'{"ok":false}\'\nexit 1\n', { mode: 0o700 });
    expect(await runWithSudoPrompt({ argv: [refusing], env: {}, files: [] }, '{}', { exec: bashExec(), cwd: scratch, tmpDir: scratch })).toEqual({ kind: 'stdout', stdout: '{"ok":false}\n' });
    const broken: SudoPromptExec = (_c, _o, cb) => cb(new Error('osascript failed'));
    await expect(runWithSudoPrompt(helper, '{}', { exec: broken, cwd: scratch, tmpDir: scratch })).rejects.toMatchObject({ code: 'permission' });
  });

  it('asks nothing from an unsafe working directory', async () => {
    let asked = false;
    const exec: SudoPromptExec = (_c, _o, cb) => ((asked = true), cb(undefined, ''));
    await expect(runWithSudoPrompt(helper, '{}', { exec, cwd: '/tmp/$(id)', tmpDir: scratch })).rejects.toMatchObject({ code: 'permission' });
    expect(asked).toBe(false);
  });
});
