import { AppError } from '../../../common/contract/app-error';
import type { HandlerContext } from '../kernel/context';
import type { Handler } from '../kernel/dispatch';

/** What this feature needs of the hosts feature (core/handlers.ts passes its lookups). */
export interface EditorDeps {
  /** The files the hosts snapshot of `configPath` names: the root config, its Includes, the system config. */
  configFiles(configPath: string): Promise<{ path: string; exists: boolean }[]>;
  /** The command line: any config path its user typed. The window: only the default config. */
  anyPath?: boolean;
}

/**
 * editor:open: a file:line of the user's config in their editor. The file must be, byte for byte,
 * one the config's snapshot lists and that exists; the request's configPath must be the default
 * config in the window (a page choosing another "config" could otherwise name any file). Then the
 * shell's own opener runs (absent in the web host: `unsupported`, the page offers a copyable path).
 */
export function createEditorHandlers(ctx: HandlerContext, deps: EditorDeps): { 'editor:open': Handler<'editor:open'> } {
  return {
    'editor:open': async (req) => {
      if (req.configPath !== '' && !deps.anyPath) throw new AppError('permission', 'Only the files of your own SSH config open in the editor here.');
      const files = await deps.configFiles(req.configPath);
      const known = files.find((f) => f.path === req.file);
      if (!known) throw new AppError('permission', `${req.file} is not one of the files of this SSH config, so it is not opened.`);
      if (!known.exists) throw new AppError('not-found', `${req.file} does not exist yet.`, { file: req.file });
      if (!ctx.openInEditor) throw new AppError('unsupported', 'A browser page cannot start programs: copy the path and open it in your editor.');
      return ctx.openInEditor(req.file, req.line);
    },
  };
}
