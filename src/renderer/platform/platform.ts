import type { NetCanvasApi } from '../../core/api/contract';
import type { ProjectFile, ProjectFilesApi } from '../../core/api/projectFiles';

export type { ProjectFile } from '../../core/api/projectFiles';

/**
 * Everything the renderer needs from where it runs. Electron (through the preload's
 * typed bridge) and the browser host (over a WebSocket) implement it; tests may too.
 * The renderer talks to nothing else. Its project-file methods are the project-files
 * service (`core/api/projectFiles.ts`): served by the main process on the desktop,
 * implemented by the page itself in a browser.
 */
export interface Platform extends ProjectFilesApi {
  readonly kind: 'electron' | 'web';
  /** The engine, through the one API contract. */
  readonly api: NetCanvasApi;
  /**
   * The project to reopen at start: in a browser, the one saved or opened last (a reload
   * does not lose it); null on the desktop, which starts with a new project.
   */
  reopenLast(): Promise<ProjectFile | null>;
  /** Commands chosen from the desktop menus (`file.open`, `edit.undo`, …); never fires in a browser. */
  onMenuCommand(listener: (command: string) => void): () => void;
  /** Asks the person a yes/no question (discard changes, delete a run); resolves true for yes. */
  confirm(message: string): Promise<boolean>;
  /** The system clipboard. */
  readonly clipboard: { writeText(text: string): Promise<void> };
}
