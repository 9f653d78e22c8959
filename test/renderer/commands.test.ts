import { describe, expect, it } from 'vitest';
import { CommandRegistry, type Command } from '../../src/renderer/commands/registry';
import { formatShortcut, type KeyPress } from '../../src/core/commands/shortcut';
import { commandsFor, EDITOR_COMMANDS } from '../../src/renderer/commands/editorCommands';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
const noop = (id: string, shortcuts: string[]): Command<null> => ({ id, label: id, group: 'test', shortcuts, run: () => undefined });

describe('CommandRegistry', () => {
  const registry = new CommandRegistry<null>([
    noop('undo', ['Mod+Z']),
    noop('redo', ['Mod+Shift+Z', 'Mod+Y']),
    noop('delete', ['Delete', 'Backspace']),
    noop('help', ['?']),
    noop('fit', ['F']),
  ]);

  it.each([
    ['Ctrl+Z', press('z', { ctrlKey: true }), 'undo'],
    ['Cmd+Z', press('z', { metaKey: true }), 'undo'],
    ['Ctrl+Shift+Z', press('Z', { ctrlKey: true, shiftKey: true }), 'redo'],
    ['Ctrl+Y', press('y', { ctrlKey: true }), 'redo'],
    ['Delete', press('Delete'), 'delete'],
    ['Backspace', press('Backspace'), 'delete'],
    ['Shift+/ typed as ?', press('?', { shiftKey: true }), 'help'],
    ['F', press('f'), 'fit'],
    ['Shift+F', press('F', { shiftKey: true }), undefined],
    ['Ctrl+F', press('f', { ctrlKey: true }), undefined],
    ['Z alone', press('z'), undefined],
  ])('%s → %s', (_name, key, expected) => {
    expect(registry.match(key)?.id).toBe(expected);
  });

  it('refuses two commands with one shortcut, in any spelling', () => {
    expect(() => registry.register(noop('other', ['mod+z']))).toThrow(/already taken by 'undo'/);
    expect(() => registry.register(noop('undo', []))).toThrow(/already registered/);
  });

  it('does not run plain keys in text fields unless the command says so', () => {
    expect(registry.match(press('Delete'), true)).toBeUndefined();
  });

  it.each([
    { id: 'edit.toggleGroup', title: 'Collapse/expand group (Ctrl+E)', keys: 'Ctrl+E' },
    { id: 'edit.ungroup', title: 'Ungroup (Ctrl+Shift+G)', keys: 'Ctrl+Shift+G' },
    { id: 'edit.saveBlock', title: 'Save group as block', keys: null },
    { id: 'view.layout', title: 'Arrange layout (Ctrl+Shift+A)', keys: 'Ctrl+Shift+A' },
  ])('titles $id from its one definition: $title', ({ id, title, keys }) => {
    const all = new CommandRegistry(EDITOR_COMMANDS);
    expect(all.title(id)).toBe(title);
    expect(all.shortcutText(id)).toBe(keys);
  });

  it('formats shortcuts for each platform', () => {
    expect(formatShortcut('Mod+Shift+Z')).toBe('Ctrl+Shift+Z');
    expect(formatShortcut('Mod+Shift+Z', true)).toBe('⌘⇧Z');
  });

  it('registers every editor command without a clash, each with a label', () => {
    const all = new CommandRegistry(EDITOR_COMMANDS);
    const ids = all.all().map((c) => c.id);
    for (const id of ['file.export', 'edit.undo', 'edit.redo', 'edit.delete', 'edit.copy', 'edit.paste', 'edit.cut', 'edit.selectAll', 'file.save', 'file.open', 'file.new', 'view.fit', 'view.layout', 'help.shortcuts']) {
      expect(ids).toContain(id);
    }
    expect(all.all().every((c) => c.label.length > 0)).toBe(true);
  });

  it.each([
    { kind: 'web' as const, has: true, what: 'a browser downloads the project on Ctrl+Shift+L, in text fields too' },
    { kind: 'electron' as const, has: false, what: 'the desktop has no Download: it writes files itself' },
  ])('$kind: $what', ({ kind, has }) => {
    const registry = new CommandRegistry(commandsFor(kind));
    expect(registry.get('file.download') !== undefined).toBe(has);
    expect(registry.match(press('L', { ctrlKey: true, shiftKey: true }), true)?.id).toBe(has ? 'file.download' : undefined);
    expect(registry.get('file.download')?.label).toBe(has ? 'Download project' : undefined);
  });
});
