import { afterEach, describe, expect, it } from 'vitest';
import { template } from '../engine/fixtures';
import { EDITOR_COMMANDS } from '../../src/renderer/commands/editorCommands';
import { blockedByDiff, useDiffMode, type DiffSide } from '../../src/renderer/features/diff/diffStore';
import { useUi } from '../../src/renderer/state/uiStore';

const side: DiffSide = { title: 'the open graph', document: template('mlp'), outcome: null };

// Each command id and whether it runs in diff mode: what edits the graph or moves the canvas
// beneath the diff must not; files, help, the view switches and Compare may.
const RUNS_IN_DIFF_MODE: Record<string, boolean> = {
  'file.new': true,
  'file.open': true,
  'file.save': true,
  'file.saveAs': true,
  'file.download': true,
  'file.export': true,
  'edit.undo': false,
  'edit.redo': false,
  'edit.cut': false,
  'edit.copy': false,
  'edit.paste': false,
  'edit.delete': false,
  'edit.selectAll': false,
  'edit.group': false,
  'edit.ungroup': false,
  'edit.toggleGroup': false,
  'edit.renameGroup': false,
  'edit.saveBlock': false,
  'view.fit': false,
  'view.layout': false,
  'view.data': true,
  'view.experiments': true,
  'view.compare': true,
  'help.shortcuts': true,
};

describe('diff mode and the editor commands', () => {
  afterEach(() => useDiffMode.getState().close());

  it('names every command in the table (a new command must say whether it runs over a diff)', () => {
    expect(Object.keys(RUNS_IN_DIFF_MODE).sort()).toEqual(EDITOR_COMMANDS.map((c) => c.id).sort());
  });

  it.each(EDITOR_COMMANDS.map((c) => [c.id, c] as const))('%s: blocked only in diff mode, as the table says', (id, command) => {
    expect(blockedByDiff(command)).toBe(false);
    useDiffMode.getState().show(side, side);
    expect(blockedByDiff(command)).toBe(!RUNS_IN_DIFF_MODE[id]);
  });

  it('showing a diff switches to the design view and closes the picker; closing leaves it', () => {
    useUi.getState().setView('experiments');
    useDiffMode.getState().pick(true);
    useDiffMode.getState().show(side, side);
    expect(useUi.getState().view).toBe('design');
    expect(useDiffMode.getState()).toMatchObject({ picking: false, sides: { a: side, b: side } });
    useDiffMode.getState().close();
    expect(useDiffMode.getState().sides).toBeNull();
  });
});
