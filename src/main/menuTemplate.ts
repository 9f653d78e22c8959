import type { MenuItemConstructorOptions } from 'electron';
import { commandDefinition } from '../core/commands/definitions';
import { toElectronAccelerator } from '../core/commands/shortcut';
import { MENU_LAYOUT, OPEN_RECENT_PREFIX, type MenuEntry } from '../core/api/menuCommands';
import type { RecentFile } from './recentFiles';

export interface MenuActions {
  /** Sends a command to the page (`Platform.onMenuCommand`). */
  send(command: string): void;
  clearRecent(): void;
}

/**
 * A menu item that sends a command to the page, labelled as the command is, with the
 * accelerator of its first shortcut. The accelerator is shown but not registered: the page
 * handles its keys itself (in a browser too), so a key never fires twice and text fields
 * keep theirs. Electron shows one accelerator per item; the help overlay lists them all.
 */
function commandItem(id: string, actions: MenuActions): MenuItemConstructorOptions {
  const definition = commandDefinition(id);
  if (!definition) throw new Error(`The menu names '${id}', which is no command`);
  const shortcut = definition.shortcuts?.[0];
  return { label: definition.label, accelerator: shortcut === undefined ? undefined : toElectronAccelerator(shortcut), registerAccelerator: false, click: () => actions.send(id) };
}

function entryItem(entry: MenuEntry, recent: readonly RecentFile[], actions: MenuActions, mac: boolean): MenuItemConstructorOptions {
  switch (entry) {
    case 'separator':
      return { type: 'separator' };
    case 'quit':
      return { role: 'quit', label: mac ? 'Quit NetCanvas' : 'Quit' };
    case 'toggleDevTools':
      return { role: 'toggleDevTools', label: 'Toggle Developer Tools' };
    case 'openRecent':
      return {
        label: 'Open Recent',
        submenu: recent.length
          ? [
              ...recent.map((file) => ({ label: file.name, sublabel: file.path, toolTip: file.path, click: () => actions.send(OPEN_RECENT_PREFIX + file.path) })),
              { type: 'separator' as const },
              { label: 'Clear Recent', click: () => actions.clearRecent() },
            ]
          : [{ label: 'No recent projects', enabled: false }],
      };
    default:
      return commandItem(entry, actions);
  }
}

/**
 * The application menu: a menu per command group (`MENU_LAYOUT`), and the app menu on
 * macOS. Pure: it reads no Electron, so tests build it as the app does.
 */
export function buildMenuTemplate(recent: readonly RecentFile[], actions: MenuActions, platform: NodeJS.Platform = process.platform): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    ...MENU_LAYOUT.map(({ group, entries }) => ({ label: `&${group}`, submenu: entries.map((entry) => entryItem(entry, recent, actions, mac)) })),
  ];
}
