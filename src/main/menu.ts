import { Menu, type MenuItemConstructorOptions } from 'electron';
import { OPEN_RECENT_PREFIX, type MenuCommand } from '../core/api/menuCommands';
import type { RecentFile } from './recentFiles';

export interface MenuActions {
  /** Sends a command to the page (`Platform.onMenuCommand`). */
  send(command: string): void;
  clearRecent(): void;
}

/**
 * A menu item that sends a command to the page. Its shortcut is shown but not registered:
 * the page handles its keys itself (in a browser too), so a key never fires twice and text
 * fields keep theirs.
 */
function command(label: string, name: MenuCommand, accelerator: string | undefined, actions: MenuActions): MenuItemConstructorOptions {
  return { label, accelerator, registerAccelerator: false, click: () => actions.send(name) };
}

/** The application menu: File, Edit, View, Help (and the app menu on macOS). */
export function buildMenuTemplate(recent: readonly RecentFile[], actions: MenuActions, platform: NodeJS.Platform = process.platform): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const openRecent: MenuItemConstructorOptions[] = recent.length
    ? [
        ...recent.map((file) => ({ label: file.name, sublabel: file.path, toolTip: file.path, click: () => actions.send(OPEN_RECENT_PREFIX + file.path) })),
        { type: 'separator' as const },
        { label: 'Clear Recent', click: () => actions.clearRecent() },
      ]
    : [{ label: 'No recent projects', enabled: false }];
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        command('New', 'file.new', 'CmdOrCtrl+N', actions),
        command('Open…', 'file.open', 'CmdOrCtrl+O', actions),
        { label: 'Open Recent', submenu: openRecent },
        { type: 'separator' },
        command('Save', 'file.save', 'CmdOrCtrl+S', actions),
        command('Save As…', 'file.saveAs', 'CmdOrCtrl+Shift+S', actions),
        command('Export…', 'file.export', undefined, actions),
        { type: 'separator' },
        { role: 'quit', label: mac ? 'Quit NetCanvas' : 'Quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        command('Undo', 'edit.undo', 'CmdOrCtrl+Z', actions),
        command('Redo', 'edit.redo', 'CmdOrCtrl+Shift+Z', actions),
        { type: 'separator' },
        command('Cut', 'edit.cut', 'CmdOrCtrl+X', actions),
        command('Copy', 'edit.copy', 'CmdOrCtrl+C', actions),
        command('Paste', 'edit.paste', 'CmdOrCtrl+V', actions),
        command('Delete', 'edit.delete', 'Delete', actions),
        command('Select All', 'edit.selectAll', 'CmdOrCtrl+A', actions),
      ],
    },
    {
      label: '&View',
      submenu: [
        command('Zoom to Fit', 'view.fit', 'F', actions),
        command('Auto-layout', 'view.layout', 'L', actions),
        { type: 'separator' },
        { role: 'toggleDevTools', label: 'Toggle Developer Tools' },
      ],
    },
    {
      label: '&Help',
      submenu: [command('Keyboard Shortcuts', 'help.shortcuts', 'Shift+/', actions)],
    },
  ];
}

/** Builds the menu and makes it the application's. */
export function installMenu(recent: readonly RecentFile[], actions: MenuActions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(recent, actions)));
}
