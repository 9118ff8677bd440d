// The application menu. The Edit roles are what make copy and paste work in the
// dashboard (Electron routes those shortcuts through the menu).
import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openReadme(): void;
  openKubernetesDocs(): void;
}

export function setApplicationMenu(actions: MenuActions): void {
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    { label: 'File', submenu: mac ? [{ role: 'close' }] : [{ role: 'close' }, { type: 'separator' }, { role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' },
        { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Flotilla README', click: actions.openReadme },
        { label: 'Kubernetes documentation', click: actions.openKubernetesDocs },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
