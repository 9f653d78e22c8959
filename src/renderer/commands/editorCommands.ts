import { autoLayout } from '../editor/edits';
import type { DocumentState } from '../state/documentStore';
import { redoable, undoable } from '../state/documentStore';
import type { Command } from './registry';

/** What editor commands act on: the document store and the app's project and view actions. */
export interface EditorContext {
  readonly document: DocumentState;
  newProject(): void;
  openProject(): void;
  saveProject(saveAs: boolean): void;
  fitView(): void;
  toggleHelp(): void;
  /** Shows the Export view (generated code and pictures). */
  showExport(): void;
}

const hasSelection = (c: EditorContext): boolean => c.document.selection.nodes.length > 0 || c.document.selection.edges.length > 0;

/** Every editor command, with its label and shortcuts; menus, buttons and keys all run these. */
export const EDITOR_COMMANDS: readonly Command<EditorContext>[] = [
  { id: 'file.new', label: 'New project', group: 'File', shortcuts: ['Mod+N'], inTextFields: true, run: (c) => c.newProject() },
  { id: 'file.open', label: 'Open…', group: 'File', shortcuts: ['Mod+O'], inTextFields: true, run: (c) => c.openProject() },
  { id: 'file.save', label: 'Save', group: 'File', shortcuts: ['Mod+S'], inTextFields: true, run: (c) => c.saveProject(false) },
  { id: 'file.saveAs', label: 'Save as…', group: 'File', shortcuts: ['Mod+Shift+S'], inTextFields: true, run: (c) => c.saveProject(true) },
  { id: 'file.export', label: 'Export…', group: 'File', run: (c) => c.showExport() },
  { id: 'edit.undo', label: 'Undo', group: 'Edit', shortcuts: ['Mod+Z'], enabled: (c) => undoable(c.document), run: (c) => c.document.undo() },
  { id: 'edit.redo', label: 'Redo', group: 'Edit', shortcuts: ['Mod+Shift+Z', 'Mod+Y'], enabled: (c) => redoable(c.document), run: (c) => c.document.redo() },
  { id: 'edit.cut', label: 'Cut', group: 'Edit', shortcuts: ['Mod+X'], enabled: hasSelection, run: (c) => c.document.cutSelection() },
  { id: 'edit.copy', label: 'Copy', group: 'Edit', shortcuts: ['Mod+C'], enabled: hasSelection, run: (c) => c.document.copySelection() },
  { id: 'edit.paste', label: 'Paste', group: 'Edit', shortcuts: ['Mod+V'], enabled: (c) => c.document.clipboard !== null, run: (c) => c.document.paste() },
  { id: 'edit.delete', label: 'Delete selection', group: 'Edit', shortcuts: ['Delete', 'Backspace'], enabled: hasSelection, run: (c) => c.document.deleteSelection() },
  { id: 'edit.selectAll', label: 'Select all', group: 'Edit', shortcuts: ['Mod+A'], run: (c) => c.document.selectAll() },
  { id: 'view.fit', label: 'Zoom to fit', group: 'View', shortcuts: ['F'], run: (c) => c.fitView() },
  {
    id: 'view.layout',
    label: 'Auto-layout',
    group: 'View',
    shortcuts: ['L'],
    run(c) {
      c.document.change(autoLayout, 'record');
      c.fitView();
    },
  },
  { id: 'help.shortcuts', label: 'Keyboard shortcuts', group: 'Help', shortcuts: ['?'], run: (c) => c.toggleHelp() },
];
