import { z } from 'zod';

/**
 * Open a config file at a line in the user's editor (issue 15 item 10). The file must be one the
 * hosts snapshot of `configPath` names (the root config or a file it includes): the core checks
 * that before the shell starts anything, so a page cannot make the app open a path of its choice.
 * Only the Electron window starts programs; the web host answers `unsupported` (a browser page
 * must not launch programs: it shows a copyable path instead).
 */
export const OpenInEditorRequest = z.object({
  /** The root config, as in hosts:list ('' = the platform default). */
  configPath: z.string().max(4096),
  file: z
    .string()
    .min(1)
    .max(4096)
    .refine((f) => !/[\0\r\n]/.test(f), 'A file name has no NUL or line break'),
  line: z.number().int().min(1).max(10_000_000),
});
export type OpenInEditorRequest = z.infer<typeof OpenInEditorRequest>;

export const OpenInEditorResult = z.object({
  /** editor: $VISUAL/$EDITOR (or a known editor) at the line; default-app: the OS's app for the file, at its top. */
  how: z.enum(['editor', 'default-app']),
  /** What was started, for the notice ("code", "gedit"), without arguments. */
  program: z.string().max(256),
});
export type OpenInEditorResult = z.infer<typeof OpenInEditorResult>;

export const editorChannels = {
  'editor:open': { request: OpenInEditorRequest, response: OpenInEditorResult },
} as const;
