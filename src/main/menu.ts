import { Menu } from 'electron';
import { buildMenuTemplate, type MenuActions } from './menuTemplate';
import type { RecentFile } from './recentFiles';

export { buildMenuTemplate, type MenuActions } from './menuTemplate';

/** Builds the menu and makes it the application's. */
export function installMenu(recent: readonly RecentFile[], actions: MenuActions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(recent, actions)));
}
