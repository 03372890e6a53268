import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Shell } from 'electron';
import { AppError } from '../../common/contract/app-error';
import type { OpenInEditorResult } from '../../common/contract/editor';

/**
 * "Open in editor" for the window: the user's $VISUAL or $EDITOR at the line, when it is an editor
 * with a window whose line syntax we know; otherwise the OS's default app for the file (at its top).
 * The core has already checked that the file is one of the config's own (core/editor/handlers.ts);
 * this never runs a shell, never takes a program from the page, and finds a program by name only in
 * absolute PATH entries (a relative entry would run a file planted in the working directory).
 */

type LineArgs = (file: string, line: number) => string[];

const VSCODE: LineArgs = (f, l) => ['-g', `${f}:${l}`];
const PLUS_LINE: LineArgs = (f, l) => [`+${l}`, f];
const COLON_LINE: LineArgs = (f, l) => [`${f}:${l}`];
const JETBRAINS: LineArgs = (f, l) => ['--line', String(l), f];

/** Editors with a window, by program name (lowercase, without .exe/.cmd), and how each is told the line. */
const GUI_EDITORS: Record<string, LineArgs> = {
  code: VSCODE,
  'code-insiders': VSCODE,
  'code-oss': VSCODE,
  codium: VSCODE,
  vscodium: VSCODE,
  cursor: VSCODE,
  subl: COLON_LINE,
  sublime_text: COLON_LINE,
  zed: COLON_LINE,
  gedit: PLUS_LINE,
  gvim: PLUS_LINE,
  mvim: PLUS_LINE,
  kate: (f, l) => ['--line', String(l), f],
  kwrite: (f, l) => ['--line', String(l), f],
  mate: (f, l) => ['-l', String(l), f],
  idea: JETBRAINS,
  pycharm: JETBRAINS,
  webstorm: JETBRAINS,
  goland: JETBRAINS,
  clion: JETBRAINS,
  'notepad++': (f, l) => [`-n${l}`, f],
};

/** Flags that keep a GUI editor in the terminal: such an $EDITOR is a terminal editor here. */
const TERMINAL_FLAGS = new Set(['-nw', '--no-window-system', '-t', '--tty']);

export interface EditorPick {
  program: string;
  args: string[];
}

/** The program base name as the tables know it: "/usr/bin/code" -> "code", "Code.exe" -> "code". */
function programName(program: string): string {
  return path.basename(program.replace(/\\/g, '/')).toLowerCase().replace(/\.(exe|cmd|bat)$/, '');
}

/** An absolute path of an executable regular file named `name`, from absolute PATH entries only. */
export function findOnPath(name: string, envPath: string | undefined, platform: NodeJS.Platform = process.platform): string | null {
  const exts = platform === 'win32' ? ['', '.exe', '.cmd', '.bat'] : [''];
  const isExecutable = (p: string) => {
    try {
      const st = fs.statSync(p);
      if (!st.isFile()) return false;
      if (platform !== 'win32') fs.accessSync(p, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (path.isAbsolute(name)) return isExecutable(name) ? name : null;
  // A bare name only: "./code" or "bin/code" would resolve against the working directory.
  if (name.includes('/') || name.includes('\\')) return null;
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

/**
 * The command that opens `file` at `line` from $VISUAL, then $EDITOR: null when neither is an
 * editor with a window we know (a terminal editor would run invisibly without a terminal).
 */
export function pickEditor(env: NodeJS.ProcessEnv, file: string, line: number, platform: NodeJS.Platform = process.platform): EditorPick | null {
  for (const value of [env.VISUAL, env.EDITOR]) {
    // Split on blanks ("code --wait"); a value with quotes is not guessed at.
    if (!value || /["'`$;|&<>()]/.test(value)) continue;
    const [command, ...flags] = value.trim().split(/\s+/);
    if (!command) continue;
    const lineArgs = GUI_EDITORS[programName(command)];
    if (!lineArgs || flags.some((f) => TERMINAL_FLAGS.has(f))) continue;
    const program = findOnPath(command, env.PATH, platform);
    if (!program) continue;
    return { program, args: [...flags, ...lineArgs(file, line)] };
  }
  return null;
}

export type SpawnDetached = (program: string, args: string[], env: NodeJS.ProcessEnv) => Promise<void>;

/** Starts the editor on its own (it outlives this call and the app); resolves once it has started. */
export const spawnDetached: SpawnDetached = (program, args, env) =>
  new Promise((resolve, reject) => {
    const child = spawn(program, args, { detached: true, stdio: 'ignore', env, shell: false, windowsHide: false });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });

/** The window's openInEditor (HandlerContext), given Electron's shell and this process's environment. */
export function editorOpener(shell: Pick<Shell, 'openPath'>, env: NodeJS.ProcessEnv = process.env, run: SpawnDetached = spawnDetached) {
  return async (file: string, line: number): Promise<OpenInEditorResult> => {
    if (!path.isAbsolute(file)) throw new AppError('invalid-input', `Not an absolute path: ${file}`);
    const editor = pickEditor(env, file, line);
    if (editor) {
      try {
        await run(editor.program, editor.args, env);
        return { how: 'editor', program: programName(editor.program) };
      } catch {
        // Could not start it after all: the default app below still opens the file.
      }
    }
    const error = await shell.openPath(file);
    if (error) throw new AppError('io', `Could not open ${file}: ${error}`, { file, line });
    return { how: 'default-app', program: 'the default app' };
  };
}
