import type { ApiEvent, ApiMethod } from './contract';

/**
 * The Electron transport of the API: the one object the preload exposes to the page as
 * `window.netcanvas` (context isolation on, sandboxed), and the IPC channels behind it.
 * The main process checks every message's sender and arguments.
 */

export const BRIDGE_GLOBAL = 'netcanvas';

/** Every channel carries the `netcanvas:` prefix; the main process answers no other. */
export const IPC_CHANNELS = {
  /** invoke(method, args) → IpcResult: a call of the API contract. */
  apiCall: 'netcanvas:api-call',
  /** main → page: an ApiEvent. */
  apiEvent: 'netcanvas:api-event',
  /** main → page: a menu command (see menuCommands.ts). */
  menuCommand: 'netcanvas:menu-command',
  openProject: 'netcanvas:open-project',
  saveProject: 'netcanvas:save-project',
  recentProjects: 'netcanvas:recent-projects',
  openRecent: 'netcanvas:open-recent',
  saveRecovery: 'netcanvas:save-recovery',
  loadRecovery: 'netcanvas:load-recovery',
  clearRecovery: 'netcanvas:clear-recovery',
  exportFile: 'netcanvas:export-file',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

/**
 * What every invoke answers. Errors travel as a message rather than a thrown error, so the
 * page sees the main process's words and not Electron's "Error invoking remote method" wrapper.
 */
export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** A project file as it crosses the bridge. */
export interface BridgeProjectFile {
  readonly name: string;
  readonly path?: string;
  readonly text: string;
}

export interface SaveProjectOptions {
  readonly path?: string;
  readonly suggestedName: string;
  readonly saveAs: boolean;
}

/** `window.netcanvas` in the Electron page. Every method answers with an IpcResult. */
export interface NetCanvasBridge {
  call(method: ApiMethod, args: readonly unknown[]): Promise<IpcResult<unknown>>;
  /** Returns a function that stops listening. */
  onEvent(listener: (event: ApiEvent) => void): () => void;
  onMenuCommand(listener: (command: string) => void): () => void;
  openProject(): Promise<IpcResult<BridgeProjectFile | null>>;
  saveProject(text: string, options: SaveProjectOptions): Promise<IpcResult<{ name: string; path?: string } | null>>;
  recentProjects(): Promise<IpcResult<{ name: string; path: string }[]>>;
  openRecent(path: string): Promise<IpcResult<BridgeProjectFile>>;
  saveRecovery(text: string): Promise<IpcResult<void>>;
  loadRecovery(): Promise<IpcResult<string | null>>;
  clearRecovery(): Promise<IpcResult<void>>;
  exportFile(data: string | Uint8Array, suggestedName: string, mime: string): Promise<IpcResult<void>>;
}
