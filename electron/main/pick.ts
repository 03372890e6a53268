import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron';

/**
 * The window's file picker: the OS dialog, shown by the main process. The page asks for a pick and
 * gets back an opaque handle (core/sessions/picked.ts), never a path it could choose itself.
 */
export function dialogPicker(dialog: Pick<Dialog, 'showOpenDialog'>, window: () => BrowserWindow | null) {
  return async (kind: 'file' | 'folder'): Promise<string | null> => {
    const options: OpenDialogOptions =
      kind === 'folder'
        ? { title: 'Choose a PuTTY sessions folder', properties: ['openDirectory', 'dontAddToRecent'] }
        : {
            title: 'Choose a PuTTY or WinSCP session file',
            properties: ['openFile', 'dontAddToRecent'],
            filters: [
              { name: 'Registry files and WinSCP.ini', extensions: ['reg', 'ini'] },
              { name: 'All files (PuTTY session files have no extension)', extensions: ['*'] },
            ],
          };
    const win = window();
    const r = await (win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options));
    return r.canceled ? null : (r.filePaths[0] ?? null);
  };
}
