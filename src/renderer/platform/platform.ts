import type { NetCanvasApi } from '../../core/api/contract';

/** A project file as the renderer sees it: its text, its name, and where it lives when the host knows. */
export interface ProjectFile {
  readonly name: string;
  /** A full path on the desktop; absent in a browser, where files come and go through the page. */
  readonly path?: string;
  readonly text: string;
}

/**
 * Everything the renderer needs from where it runs. Electron (through the preload's
 * typed bridge) and the browser host (over a WebSocket) implement it; tests may too.
 * The renderer talks to nothing else.
 */
export interface Platform {
  readonly kind: 'electron' | 'web';
  /** The engine, through the one API contract. */
  readonly api: NetCanvasApi;
  /** Asks the user for a project (or Keras / tfjs model JSON) to open; null when they cancel. */
  openProject(): Promise<ProjectFile | null>;
  /** Saves a project; asks where when there is no path yet or `saveAs` is set. Null when they cancel. */
  saveProject(text: string, options: { readonly path?: string; readonly suggestedName: string; readonly saveAs: boolean }): Promise<{ name: string; path?: string } | null>;
  recentProjects(): Promise<readonly { name: string; path: string }[]>;
  openRecent(path: string): Promise<ProjectFile>;
  /** Autosave: one recovery copy of the open project, kept until it is saved or discarded. */
  saveRecovery(text: string): Promise<void>;
  loadRecovery(): Promise<string | null>;
  clearRecovery(): Promise<void>;
  /** Offers a file to the user: a save dialog on the desktop, a download in a browser. */
  exportFile(data: string | Uint8Array, suggestedName: string, mime: string): Promise<void>;
  /** Commands chosen from the desktop menus (`file.open`, `edit.undo`, …); never fires in a browser. */
  onMenuCommand(listener: (command: string) => void): () => void;
}
