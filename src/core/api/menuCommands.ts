/**
 * The commands the desktop menus send to the renderer (`Platform.onMenuCommand`).
 * The renderer binds each to its own action; in a browser none fires, and the page's
 * own toolbar and shortcuts do the same jobs.
 *
 * The clipboard commands (`edit.cut`, `edit.copy`, `edit.paste`, `edit.selectAll`) are
 * sent as commands too, so the canvas can act on nodes; when a text field has the focus,
 * the renderer should leave them to the field (e.g. `document.execCommand('copy')`).
 */
export const MENU_COMMANDS = [
  'file.new',
  'file.open',
  'file.save',
  'file.saveAs',
  'file.export',
  'edit.undo',
  'edit.redo',
  'edit.cut',
  'edit.copy',
  'edit.paste',
  'edit.delete',
  'edit.selectAll',
  'view.fit',
  'view.layout',
  'help.shortcuts',
] as const;

export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** `File ▸ Open Recent ▸ …` sends this prefix followed by the file's path, for `Platform.openRecent(path)`. */
export const OPEN_RECENT_PREFIX = 'file.openRecent:';

/** The path in an `file.openRecent:PATH` command, or null for every other command. */
export function recentPathOf(command: string): string | null {
  return command.startsWith(OPEN_RECENT_PREFIX) ? command.slice(OPEN_RECENT_PREFIX.length) : null;
}
