import { describe, expect, it, vi } from 'vitest';
import { MENU_COMMANDS, MENU_LAYOUT, recentPathOf } from '../../src/core/api/menuCommands';
import { parseShortcut, toElectronAccelerator } from '../../src/core/commands/shortcut';
import { buildMenuTemplate } from '../../src/main/menuTemplate';
import { commandsFor } from '../../src/renderer/commands/editorCommands';
import { CommandRegistry } from '../../src/renderer/commands/registry';

/**
 * The desktop menu against the renderer's command registry. The template builder is pure:
 * this file does not stand in for Electron, so importing it proves it reads none.
 */

type Item = { label?: string; role?: string; type?: string; submenu?: Item[]; click?: () => void; accelerator?: string; registerAccelerator?: boolean; enabled?: boolean };

/** Electron's key codes (https://www.electronjs.org/docs/latest/api/accelerator#available-key-codes), written out here, not taken from our code. */
const ELECTRON_KEYS = new Set([
  ...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ...Array.from({ length: 24 }, (_, i) => `F${i + 1}`),
  ...')!@#$%^&*(:;+=<,_->.?/~`{][|\\}"',
  'Plus', 'Space', 'Tab', 'Capslock', 'Numlock', 'Scrolllock', 'Backspace', 'Delete', 'Insert', 'Return', 'Enter',
  'Up', 'Down', 'Left', 'Right', 'Home', 'End', 'PageUp', 'PageDown', 'Escape', 'Esc',
]);
const ELECTRON_MODIFIERS = new Set(['Command', 'Cmd', 'Control', 'Ctrl', 'CommandOrControl', 'CmdOrCtrl', 'Alt', 'Option', 'AltGr', 'Shift', 'Super', 'Meta']);

/** Reads an Electron accelerator as a person would: which modifiers, which key. */
function readAccelerator(accelerator: string): { mod: boolean; shift: boolean; alt: boolean; key: string } {
  const parts = accelerator.split('+');
  const key = parts.pop()!;
  expect(ELECTRON_KEYS.has(key), `'${key}' is an Electron key code`).toBe(true);
  for (const p of parts) expect(ELECTRON_MODIFIERS.has(p), `'${p}' is an Electron modifier`).toBe(true);
  return { mod: parts.includes('CmdOrCtrl'), shift: parts.includes('Shift'), alt: parts.includes('Alt'), key };
}

// The desktop's commands: a browser-only one (Download project) has no menu item.
const registry = new CommandRegistry(commandsFor('electron'));
const sent: string[] = [];
const actions = { send: (command: string) => sent.push(command), clearRecent: vi.fn() };
const recent = [
  { name: 'mlp.json', path: '/home/me/mlp.json' },
  { name: 'cnn.json', path: '/home/me/cnn.json' },
];
const template = buildMenuTemplate(recent, actions, 'linux') as Item[];
const menu = (label: string) => template.find((m) => m.label?.replace('&', '') === label)!.submenu!;
/** Every item that sends a command (Open Recent's files aside), with the menu it is in. */
const commandItems = template.flatMap((m) => (m.submenu ?? []).filter((i) => i.click && i.label !== 'Open Recent').map((item) => ({ menu: m.label!.replace('&', ''), item })));

function sends(item: Item): string[] {
  sent.length = 0;
  item.click!();
  return [...sent];
}

describe('the desktop menu derives from the command registry', () => {
  it.each(registry.all().map((c) => ({ id: c.id, command: c })))('$id: in its group’s menu, with its label, its first shortcut as accelerator, sending its id', ({ command }) => {
    const found = commandItems.filter(({ item }) => sends(item)[0] === command.id);
    expect(found, `one menu item sends ${command.id}`).toHaveLength(1);
    const { menu: menuLabel, item } = found[0];
    expect(menuLabel).toBe(command.group);
    expect(item.label).toBe(command.label);
    expect(item.registerAccelerator).toBe(false);
    if (!command.shortcuts?.length) {
      expect(item.accelerator).toBeUndefined();
      return;
    }
    const shown = readAccelerator(item.accelerator!);
    const shortcut = parseShortcut(command.shortcuts[0]);
    expect({ mod: shown.mod, alt: shown.alt, key: shown.key.toLowerCase() }).toEqual({ mod: shortcut.mod, alt: shortcut.alt, key: shortcut.key.toLowerCase() });
    // A printed symbol such as ? carries its Shift in the symbol itself.
    expect(shown.shift).toBe(shortcut.shift && /^[a-z0-9]$|^[A-Z]/.test(shortcut.key));
  });

  it('every menu item maps to a registered command, and the menu lists each command once', () => {
    const ids = commandItems.map(({ item }) => sends(item)[0]);
    for (const id of ids) expect(registry.get(id), id).toBeDefined();
    expect([...ids].sort()).toEqual([...MENU_COMMANDS].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has one menu per command group, in the order the layout gives', () => {
    expect(template.map((m) => m.label)).toEqual(MENU_LAYOUT.map((m) => `&${m.group}`));
  });

  it('fixes the drift the menus had: the registry’s labels and the ? shortcut', () => {
    expect(menu('File').find((i) => i.label === 'New project')?.accelerator).toBe('CmdOrCtrl+N');
    expect(menu('Help').find((i) => i.label === 'Keyboard shortcuts')?.accelerator).toBe('?');
    expect(menu('Edit').find((i) => i.label === 'Redo')?.accelerator).toBe('CmdOrCtrl+Shift+Z');
  });

  it('has Quit and the developer tools as Electron roles', () => {
    expect(menu('File').find((i) => i.label === 'Quit')?.role).toBe('quit');
    expect(menu('View').some((i) => i.role === 'toggleDevTools')).toBe(true);
    expect((buildMenuTemplate(recent, actions, 'darwin') as Item[])[0]).toEqual({ role: 'appMenu' });
    expect((buildMenuTemplate(recent, actions, 'darwin') as Item[])[1].submenu!.find((i) => i.role === 'quit')?.label).toBe('Quit NetCanvas');
  });

  it('lists recent projects; each opens its path; Clear Recent clears', () => {
    const submenu = menu('File').find((i) => i.label === 'Open Recent')!.submenu!;
    expect(submenu.map((i) => i.label)).toEqual(['mlp.json', 'cnn.json', undefined, 'Clear Recent']);
    expect(sends(submenu[1]).map(recentPathOf)).toEqual(['/home/me/cnn.json']);
    submenu[3].click!();
    expect(actions.clearRecent).toHaveBeenCalledOnce();
    const empty = (buildMenuTemplate([], actions, 'linux') as Item[])[0].submenu!.find((i) => i.label === 'Open Recent')!.submenu!;
    expect(empty).toEqual([{ label: 'No recent projects', enabled: false }]);
  });
});

describe('toElectronAccelerator', () => {
  it.each([
    ['Mod+Shift+Z', 'CmdOrCtrl+Shift+Z', 'Mod is CmdOrCtrl'],
    ['Mod+Y', 'CmdOrCtrl+Y', 'letters upper case'],
    ['Mod+Alt+1', 'CmdOrCtrl+Alt+1', 'digits and Alt'],
    ['?', '?', 'a printed symbol keeps no Shift'],
    ['Shift+?', '?', 'even when written with one'],
    ['Delete', 'Delete', 'named keys Electron spells alike'],
    ['Backspace', 'Backspace', 'Backspace'],
    ['F2', 'F2', 'function keys'],
    ['ArrowUp', 'Up', 'arrows have Electron’s short names'],
    ['Escape', 'Esc', 'Escape is Esc'],
    ['Mod+ ', 'CmdOrCtrl+Space', 'the space bar'],
  ])('%s → %s (%s)', (shortcut, accelerator) => {
    expect(toElectronAccelerator(shortcut)).toBe(accelerator);
    readAccelerator(accelerator);
  });

  it.each([
    ['Mod+MediaPlay', "no accelerator for the key 'MediaPlay'"],
    ['Ctrl+Z', "unknown modifier 'Ctrl'"],
  ])('refuses %s, naming what is wrong', (shortcut, message) => {
    expect(() => toElectronAccelerator(shortcut)).toThrow(message);
  });
});
