import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  isMac: boolean;
  appName: string;
  /** Developer tools only in unpackaged (development) runs. */
  devTools: boolean;
  showAbout(): void;
  openHelp(): void;
}

/** Native menus with the shortcuts people expect; roles give each OS its own accelerators. */
export function buildMenuTemplate(a: MenuActions): MenuItemConstructorOptions[] {
  const about: MenuItemConstructorOptions = { label: `About ${a.appName}`, click: () => a.showAbout() };
  const template: MenuItemConstructorOptions[] = [];
  if (a.isMac) {
    template.push({
      label: a.appName,
      submenu: [about, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  }
  template.push({ label: '&File', submenu: a.isMac ? [{ role: 'close' }] : [{ role: 'quit', accelerator: 'CmdOrCtrl+Q' }] });
  template.push({
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  });
  const view: MenuItemConstructorOptions[] = [{ role: 'reload' }];
  if (a.devTools) view.push({ role: 'toggleDevTools' });
  view.push({ type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' });
  template.push({ label: '&View', submenu: view });
  template.push({ label: '&Window', submenu: a.isMac ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] });
  const help: MenuItemConstructorOptions[] = [{ label: 'ServerAliveInterval in the OpenSSH manual', click: () => a.openHelp() }];
  if (!a.isMac) help.push({ type: 'separator' }, about);
  template.push({ label: '&Help', role: 'help', submenu: help });
  return template;
}
