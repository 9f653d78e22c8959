/**
 * Every editor command NetCanvas has: its id, label, menu group and shortcuts, written once.
 * The renderer's registry adds what each does (`renderer/commands/editorCommands.ts`); the
 * desktop menu derives its items, labels and accelerators from these (`main/menuTemplate.ts`);
 * the help overlay and the toolbar's tooltips read them through the registry.
 */

/** The groups commands belong to; each is also a desktop menu, in this order. */
export const COMMAND_GROUPS = ['File', 'Edit', 'View', 'Help'] as const;
export type CommandGroup = (typeof COMMAND_GROUPS)[number];

export interface CommandDefinition {
  readonly id: string;
  /** The one label: menus, the help overlay and the toolbar's tooltips all show it. */
  readonly label: string;
  readonly group: CommandGroup;
  /** In the notation of `shortcut.ts` (`Mod+Shift+Z`, `Delete`, `?`); the first is the one menus show. */
  readonly shortcuts?: readonly string[];
  /** Whether its shortcut still runs while the focus is in a text field (Save does; Delete does not). */
  readonly inTextFields?: boolean;
  /** Whether its shortcut works in every view (a view switch), not only on the canvas. */
  readonly everyView?: boolean;
  /** Where it exists when not everywhere: `web` for one only a browser has (the desktop writes files itself, so it has no Download, nor a menu item for it). */
  readonly only?: 'web' | 'electron';
}

export const COMMAND_DEFINITIONS = [
  { id: 'file.new', label: 'New project', group: 'File', shortcuts: ['Mod+N'], inTextFields: true },
  { id: 'file.open', label: 'Open…', group: 'File', shortcuts: ['Mod+O'], inTextFields: true },
  { id: 'file.save', label: 'Save', group: 'File', shortcuts: ['Mod+S'], inTextFields: true },
  { id: 'file.saveAs', label: 'Save as…', group: 'File', shortcuts: ['Mod+Shift+S'], inTextFields: true },
  { id: 'file.download', label: 'Download project', group: 'File', shortcuts: ['Mod+Shift+L'], inTextFields: true, only: 'web' },
  { id: 'file.export', label: 'Export…', group: 'File' },
  // The document's undo covers every view's settings (the Train view's are in the document too).
  { id: 'edit.undo', label: 'Undo', group: 'Edit', shortcuts: ['Mod+Z'], everyView: true },
  { id: 'edit.redo', label: 'Redo', group: 'Edit', shortcuts: ['Mod+Shift+Z', 'Mod+Y'], everyView: true },
  { id: 'edit.cut', label: 'Cut', group: 'Edit', shortcuts: ['Mod+X'] },
  { id: 'edit.copy', label: 'Copy', group: 'Edit', shortcuts: ['Mod+C'] },
  { id: 'edit.paste', label: 'Paste', group: 'Edit', shortcuts: ['Mod+V'] },
  { id: 'edit.delete', label: 'Delete selection', group: 'Edit', shortcuts: ['Delete', 'Backspace'] },
  { id: 'edit.selectAll', label: 'Select all', group: 'Edit', shortcuts: ['Mod+A'] },
  { id: 'edit.group', label: 'Group selection', group: 'Edit', shortcuts: ['Mod+G'] },
  { id: 'edit.ungroup', label: 'Ungroup', group: 'Edit', shortcuts: ['Mod+Shift+G'] },
  { id: 'edit.toggleGroup', label: 'Collapse/expand group', group: 'Edit', shortcuts: ['Mod+E'] },
  { id: 'edit.renameGroup', label: 'Rename group', group: 'Edit', shortcuts: ['F2'] },
  { id: 'edit.saveBlock', label: 'Save group as block', group: 'Edit' },
  { id: 'view.fit', label: 'Zoom to fit', group: 'View', shortcuts: ['F'] },
  { id: 'view.layout', label: 'Arrange layout', group: 'View', shortcuts: ['Mod+Shift+A', 'L'] },
  { id: 'view.data', label: 'Data', group: 'View', shortcuts: ['Mod+Shift+D'], everyView: true },
  { id: 'view.experiments', label: 'Experiments', group: 'View', shortcuts: ['Mod+Shift+E'], everyView: true },
  { id: 'view.compare', label: 'Compare with…', group: 'View' },
  { id: 'help.shortcuts', label: 'Keyboard shortcuts', group: 'Help', shortcuts: ['?'] },
] as const satisfies readonly CommandDefinition[];

export type CommandId = (typeof COMMAND_DEFINITIONS)[number]['id'];

const BY_ID = new Map<string, CommandDefinition>(COMMAND_DEFINITIONS.map((d) => [d.id, d]));

/** The definition of a command id, or undefined for an id no command has. */
export function commandDefinition(id: string): CommandDefinition | undefined {
  return BY_ID.get(id);
}
