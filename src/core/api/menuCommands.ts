import type { CommandGroup, CommandId } from '../commands/definitions';

/**
 * The desktop menus: which commands each menu lists, in what order, and where the
 * menu-only items go. Each menu is a command group (`core/commands/definitions.ts`), and
 * each item's label and accelerator come from its command's definition; the template
 * itself is built by `main/menuTemplate.ts`. A chosen item sends its command id to the
 * renderer (`Platform.onMenuCommand`), which runs it as the registry says; in a browser
 * none fires, and the page's own toolbar and shortcuts do the same jobs.
 *
 * The clipboard commands (`edit.cut`, `edit.copy`, `edit.paste`, `edit.selectAll`) are
 * sent as commands too, so the canvas can act on nodes; when a text field has the focus,
 * the renderer leaves them to the field (e.g. `document.execCommand('copy')`).
 */
export type MenuEntry =
  | CommandId
  | 'separator'
  /** File ▸ Open Recent ▸ …, filled with the recent projects. */
  | 'openRecent'
  /** Electron's own items (roles). */
  | 'quit'
  | 'toggleDevTools';

export const MENU_LAYOUT: readonly { readonly group: CommandGroup; readonly entries: readonly MenuEntry[] }[] = [
  { group: 'File', entries: ['file.new', 'file.open', 'openRecent', 'separator', 'file.save', 'file.saveAs', 'file.export', 'separator', 'quit'] },
  { group: 'Edit', entries: ['edit.undo', 'edit.redo', 'separator', 'edit.cut', 'edit.copy', 'edit.paste', 'edit.delete', 'edit.selectAll', 'separator', 'edit.group', 'edit.ungroup', 'edit.toggleGroup', 'edit.renameGroup', 'edit.saveBlock'] },
  { group: 'View', entries: ['view.fit', 'view.layout', 'separator', 'view.data', 'view.experiments', 'view.compare', 'separator', 'toggleDevTools'] },
  { group: 'Help', entries: ['help.shortcuts'] },
];

const MENU_ONLY = new Set<MenuEntry>(['separator', 'openRecent', 'quit', 'toggleDevTools']);

/** The commands the desktop menus send. */
export const MENU_COMMANDS: readonly CommandId[] = MENU_LAYOUT.flatMap((m) => m.entries.filter((e): e is CommandId => !MENU_ONLY.has(e)));

export type MenuCommand = CommandId;

/** `File ▸ Open Recent ▸ …` sends this prefix followed by the file's path, for `Platform.openRecent(path)`. */
export const OPEN_RECENT_PREFIX = 'file.openRecent:';

/** The path in an `file.openRecent:PATH` command, or null for every other command. */
export function recentPathOf(command: string): string | null {
  return command.startsWith(OPEN_RECENT_PREFIX) ? command.slice(OPEN_RECENT_PREFIX.length) : null;
}
