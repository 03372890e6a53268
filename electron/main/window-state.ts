import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Remembered between runs, in the app's userData folder. */
export const WindowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowState>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1100, height: 760, maximized: false };
export const WINDOW_STATE_FILE = 'window-state.json';

/** A missing or damaged state file means the defaults: never a crash at startup. */
export function parseWindowState(text: string | null): WindowState {
  if (text === null) return DEFAULT_WINDOW_STATE;
  try {
    const parsed = WindowState.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : DEFAULT_WINDOW_STATE;
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * The saved bounds if enough of the window (a 100×50 px grab area) still lands on a connected
 * display; otherwise the saved size, shrunk to the primary work area, with the OS choosing where.
 */
export function fitToDisplays(state: WindowState, workAreas: Rect[]): WindowState {
  const primary = workAreas[0];
  const width = primary ? Math.min(state.width, primary.width) : state.width;
  const height = primary ? Math.min(state.height, primary.height) : state.height;
  if (state.x === undefined || state.y === undefined) return { width, height, maximized: state.maximized };
  const titleBar: Rect = { x: state.x, y: state.y, width: Math.min(state.width, 100), height: 50 };
  const visible = workAreas.some((area) => overlap(titleBar, area) >= Math.min(titleBar.width * titleBar.height, 100 * 50) / 2);
  if (!visible) return { width, height, maximized: state.maximized };
  return { ...state };
}

export function readWindowStateFile(dir: string): WindowState {
  let text: string | null = null;
  try {
    text = fs.readFileSync(path.join(dir, WINDOW_STATE_FILE), 'utf8');
  } catch {
    text = null;
  }
  return parseWindowState(text);
}

/** Written synchronously on close (the process may exit right after); temp file + rename. */
export function writeWindowStateFile(dir: string, state: WindowState): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, WINDOW_STATE_FILE);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(WindowState.parse(state))}\n`, { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    // Losing the window position is not worth an error dialog.
  }
}
