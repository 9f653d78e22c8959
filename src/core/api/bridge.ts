import type { ApiEvent } from './contract';

/**
 * The Electron transport of the services: the one object the preload exposes to the page as
 * `window.netcanvas` (context isolation on, sandboxed), and the IPC channels behind it.
 * The main process checks every message's sender and arguments.
 */

export const BRIDGE_GLOBAL = 'netcanvas';

/** The services the page may call, each on one `netcanvas:` channel: invoke(method, args) → IpcResult. */
export const SERVICE_CHANNELS = {
  /** The engine (`ENGINE_SERVICE` in contract.ts). */
  engine: 'netcanvas:api-call',
  /** Project files (`PROJECT_FILES_SERVICE` in projectFiles.ts). */
  files: 'netcanvas:files-call',
} as const;

export type ServiceName = keyof typeof SERVICE_CHANNELS;

/** Every channel carries the `netcanvas:` prefix; the main process answers no other. */
export const IPC_CHANNELS = {
  apiCall: SERVICE_CHANNELS.engine,
  filesCall: SERVICE_CHANNELS.files,
  /** main → page: an ApiEvent. */
  apiEvent: 'netcanvas:api-event',
  /** main → page: a menu command (see menuCommands.ts). */
  menuCommand: 'netcanvas:menu-command',
} as const;

/** The channel of a service, or null for a name that is none (checked as an own property). */
export function serviceChannel(service: unknown): string | null {
  return typeof service === 'string' && Object.prototype.hasOwnProperty.call(SERVICE_CHANNELS, service) ? SERVICE_CHANNELS[service as ServiceName] : null;
}

/**
 * What every invoke answers. Errors travel as a message rather than a thrown error, so the
 * page sees the main process's words and not Electron's "Error invoking remote method" wrapper.
 */
export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** `window.netcanvas` in the Electron page. */
export interface NetCanvasBridge {
  /** One call of a service's method; answers with an IpcResult. */
  call(service: ServiceName, method: string, args: readonly unknown[]): Promise<IpcResult<unknown>>;
  /** Returns a function that stops listening. */
  onEvent(listener: (event: ApiEvent) => void): () => void;
  onMenuCommand(listener: (command: string) => void): () => void;
}
