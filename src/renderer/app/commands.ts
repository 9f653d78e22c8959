import { CommandRegistry } from '../commands/registry';
import { commandsFor, type EditorContext } from '../commands/editorCommands';
import { useGroupRename } from '../features/canvas/groupRename';
import { blockedByDiff, useDiffMode } from '../features/diff/diffStore';
import { viewport } from '../features/canvas/viewport';
import { useMyBlocks } from '../features/palette/myBlocks';
import { recentPathOf } from '../../core/api/menuCommands';
import { downloadProject, newProject, openProject, openRecent, saveProject } from '../features/project/projectActions';
import type { Platform } from '../platform/platform';
import { documentStore } from '../state/documentStore';
import { useUi } from '../state/uiStore';
import { TEMPLATES } from '../templates/templates';

/** Menu edit commands and what they mean inside a text field. */
const TEXT_EDITS: Record<string, string> = {
  'edit.undo': 'undo',
  'edit.redo': 'redo',
  'edit.cut': 'cut',
  'edit.copy': 'copy',
  'edit.paste': 'paste',
  'edit.delete': 'delete',
  'edit.selectAll': 'selectAll',
};

/** The app's command registry, and the context its commands run in. */
export function createAppCommands(platform: Platform) {
  const registry = new CommandRegistry<EditorContext>(commandsFor(platform.kind));
  const context = (): EditorContext => ({
    document: documentStore.getState(),
    newProject: () => void newProject(platform, TEMPLATES[0].load()),
    openProject: () => void openProject(platform),
    saveProject: (saveAs) => void saveProject(platform, saveAs),
    downloadProject: () => void downloadProject(platform),
    fitView: () => viewport.fit(),
    viewAspect: () => viewport.aspect(),
    toggleHelp: () => useUi.getState().toggleHelp(),
    showExport: () => useUi.getState().setView('export'),
    showExperiments: () => useUi.getState().setView('experiments'),
    showData: () => useUi.getState().setView('data'),
    showCompare: () => useDiffMode.getState().pick(true),
    say: (tone, message) => useUi.getState().setStatus({ tone, message }),
    renameGroup: (groupId) => useGroupRename.getState().start(groupId),
    saveBlock(groupId) {
      void useMyBlocks
        .getState()
        .saveGroup(platform, documentStore.getState().doc, groupId)
        .then(({ tone, message }) => useUi.getState().setStatus({ tone, message }));
    },
  });
  return {
    registry,
    run(id: string): boolean {
      const command = registry.get(id);
      if (command && blockedByDiff(command)) return false;
      return registry.run(id, context());
    },
    /**
     * Runs a command chosen from the desktop menus. Edit commands act on the text when
     * the focus is in a text field, as a person expects from Edit › Copy; File › Open
     * Recent's `file.openRecent:PATH` opens that project as Open does.
     */
    runFromMenu(id: string): void {
      const recent = recentPathOf(id);
      if (recent !== null) {
        void openRecent(platform, recent);
        return;
      }
      const active = document.activeElement as HTMLElement | null;
      const textCommand = TEXT_EDITS[id];
      if (textCommand && active?.matches('input, textarea, [contenteditable="true"]')) {
        document.execCommand(textCommand);
        return;
      }
      const command = registry.get(id);
      if (command && !blockedByDiff(command)) registry.run(id, context());
    },
    /** Runs the command a key press means; returns whether one ran. */
    handleKey(event: KeyboardEvent): boolean {
      const target = event.target as HTMLElement | null;
      const inText = Boolean(target?.closest('input, textarea, select, [contenteditable="true"]'));
      const command = registry.match(event, inText);
      if (!command || blockedByDiff(command)) return false;
      const ctx = context();
      // Canvas keys act on the design view only; file keys work everywhere.
      if (command.group !== 'File' && command.group !== 'Help' && !command.everyView && useUi.getState().view !== 'design') return false;
      event.preventDefault();
      if (!command.enabled || command.enabled(ctx)) command.run(ctx);
      return true;
    },
  };
}

export type AppCommands = ReturnType<typeof createAppCommands>;
