import { CommandRegistry } from '../commands/registry';
import { EDITOR_COMMANDS, type EditorContext } from '../commands/editorCommands';
import { viewport } from '../features/canvas/viewport';
import { newProject, openProject, saveProject } from '../features/project/projectActions';
import type { Platform } from '../platform/platform';
import { documentStore } from '../state/documentStore';
import { useUi } from '../state/uiStore';
import { TEMPLATES } from '../templates/templates';

/** The app's command registry, and the context its commands run in. */
export function createAppCommands(platform: Platform) {
  const registry = new CommandRegistry<EditorContext>(EDITOR_COMMANDS);
  const context = (): EditorContext => ({
    document: documentStore.getState(),
    newProject: () => newProject(TEMPLATES[0].load()),
    openProject: () => void openProject(platform),
    saveProject: (saveAs) => void saveProject(platform, saveAs),
    fitView: () => viewport.fit(),
    toggleHelp: () => useUi.getState().toggleHelp(),
  });
  return {
    registry,
    run: (id: string): boolean => registry.run(id, context()),
    /** Runs the command a key press means; returns whether one ran. */
    handleKey(event: KeyboardEvent): boolean {
      const target = event.target as HTMLElement | null;
      const inText = Boolean(target?.closest('input, textarea, select, [contenteditable="true"]'));
      const command = registry.match(event, inText);
      if (!command) return false;
      const ctx = context();
      // Canvas keys act on the design view only; file keys work everywhere.
      if (command.group !== 'File' && command.group !== 'Help' && useUi.getState().view !== 'design') return false;
      event.preventDefault();
      if (!command.enabled || command.enabled(ctx)) command.run(ctx);
      return true;
    },
  };
}

export type AppCommands = ReturnType<typeof createAppCommands>;
