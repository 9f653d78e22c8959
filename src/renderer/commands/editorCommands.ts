import { COMMAND_DEFINITIONS, type CommandId } from '../../core/commands/definitions';
import { autoLayout } from '../editor/edits';
import type { DocumentState } from '../state/documentStore';
import { redoable, undoable } from '../state/documentStore';
import { GROUP_HANDLERS } from './groupCommands';
import type { Command, CommandHandler } from './registry';

/** What editor commands act on: the document store and the app's project and view actions. */
export interface EditorContext {
  readonly document: DocumentState;
  newProject(): void;
  openProject(): void;
  saveProject(saveAs: boolean): void;
  /** Downloads the project as a file named after it (in a browser; a save dialog on the desktop). */
  downloadProject(): void;
  fitView(): void;
  /** The canvas's width over its height, the shape Arrange layout aims for. */
  viewAspect(): number;
  toggleHelp(): void;
  /** Shows the Export view (generated code and pictures). */
  showExport(): void;
  /** Shows the Experiments view (sweeps and their trials). */
  showExperiments(): void;
  showData(): void;
  /** Opens the dialog that picks two graphs (the open one, saved runs, files) to see their diff on the canvas. */
  showCompare(): void;
  /** Says what a command did, or why it did nothing, in the status bar. */
  say(tone: 'info' | 'error', message: string): void;
  /** Lets the person type a group's new name on the canvas. */
  renameGroup(groupId: string): void;
  /** Saves a group to "My blocks". */
  saveBlock(groupId: string): void;
}

const hasSelection = (c: EditorContext): boolean => c.document.selection.nodes.length > 0 || c.document.selection.edges.length > 0;

/** What each command does; one entry per definition, which the type makes sure of. */
const HANDLERS: Record<CommandId, CommandHandler<EditorContext>> = {
  'file.new': { run: (c) => c.newProject() },
  'file.open': { run: (c) => c.openProject() },
  'file.save': { run: (c) => c.saveProject(false) },
  'file.saveAs': { run: (c) => c.saveProject(true) },
  'file.download': { run: (c) => c.downloadProject() },
  'file.export': { run: (c) => c.showExport() },
  'edit.undo': { enabled: (c) => undoable(c.document), run: (c) => c.document.undo() },
  'edit.redo': { enabled: (c) => redoable(c.document), run: (c) => c.document.redo() },
  'edit.cut': { enabled: hasSelection, run: (c) => c.document.cutSelection() },
  'edit.copy': { enabled: hasSelection, run: (c) => c.document.copySelection() },
  'edit.paste': { enabled: (c) => c.document.clipboard !== null, run: (c) => c.document.paste() },
  'edit.delete': { enabled: hasSelection, run: (c) => c.document.deleteSelection() },
  'edit.selectAll': { run: (c) => c.document.selectAll() },
  ...GROUP_HANDLERS,
  'view.fit': { run: (c) => c.fitView() },
  'view.layout': {
    run(c) {
      const aspect = c.viewAspect();
      c.document.change((doc) => autoLayout(doc, { aspect }), 'record');
      c.fitView();
    },
  },
  'help.shortcuts': { run: (c) => c.toggleHelp() },
  'view.data': { run: (c) => c.showData() },
  'view.experiments': { run: (c) => c.showExperiments() },
  'view.compare': { run: (c) => c.showCompare() },
};

/** Every editor command: its definition and its handler; menus, buttons and keys all run these. */
export const EDITOR_COMMANDS: readonly Command<EditorContext>[] = COMMAND_DEFINITIONS.map((definition) => ({ ...definition, ...HANDLERS[definition.id] }));

/** The commands a page has where it runs: those marked `only` for the other place left out. */
export function commandsFor(kind: 'electron' | 'web'): readonly Command<EditorContext>[] {
  return EDITOR_COMMANDS.filter((c) => !c.only || c.only === kind);
}
