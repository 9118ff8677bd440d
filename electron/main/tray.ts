// The tray icon: cluster health at a glance (nodes ready / total), the way back
// to the window, the kubeconfig path for a terminal, and quit.
import { Menu, nativeImage, Tray, type NativeImage } from 'electron';
import { trayIconBitmap } from './tray-icon.ts';

export interface TrayActions {
  openDashboard(): void;
  copyKubeconfigPath(): void;
  quit(): void;
}

export interface AppTray {
  /** Shows the cluster's health, e.g. "Nodes ready 2/3". */
  setHealth(label: string): void;
  destroy(): void;
}

const ICON_SIZE = 32;

function icon(): NativeImage {
  // macOS draws template images in the menu bar's own colour, light or dark.
  const mac = process.platform === 'darwin';
  const image = nativeImage.createFromBitmap(trayIconBitmap(ICON_SIZE, mac ? [0, 0, 0] : [47, 129, 247]), {
    width: ICON_SIZE,
    height: ICON_SIZE,
    scaleFactor: 2,
  });
  if (mac) image.setTemplateImage(true);
  return image;
}

export function createTray(actions: TrayActions): AppTray {
  const tray = new Tray(icon());
  const show = (health: string): void => {
    tray.setToolTip(`Flotilla — ${health}`);
    tray.setContextMenu(Menu.buildFromTemplate([
      { label: health, enabled: false },
      { type: 'separator' },
      { label: 'Open dashboard', click: actions.openDashboard },
      { label: 'Copy kubeconfig path', click: actions.copyKubeconfigPath },
      { type: 'separator' },
      { label: 'Quit Flotilla', click: actions.quit },
    ]));
  };
  show('Nodes: checking…');
  // Windows and Linux open the window on a click; macOS shows the menu.
  tray.on('click', actions.openDashboard);
  return { setHealth: show, destroy: () => tray.destroy() };
}
