import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import { IPC_CHANNELS, SERVICE_CHANNELS, type IpcResult } from '../core/api/bridge';
import { ENGINE_SERVICE, type ApiEvent, type NetCanvasApi } from '../core/api/contract';
import { PROJECT_FILES_SERVICE, type ProjectFilesApi } from '../core/api/projectFiles';
import { callSize, dispatchServiceCall, serviceCallBytes, type MethodTable, type ServiceApi, type ServiceDefinition } from '../core/api/service';
import { messageOf } from '../core/messageOf';
import type { ProjectFiles } from './projectFiles';

export interface IpcDependencies {
  readonly engine: NetCanvasApi;
  readonly files: ProjectFiles;
  readonly isTrustedSender: (event: IpcMainInvokeEvent) => boolean;
}


/** Every service channel carries `(method, args)`: a name and a list. */
const envelope = z.tuple([z.string().max(64), z.array(z.unknown()).max(16)]);

/**
 * Serves one service on one channel: refuses a message unless it comes from the app's own
 * page, checks its `(method, args)` envelope, then `dispatchServiceCall` checks the arguments
 * against the service's schemas before the implementation sees them. Every answer is an
 * IpcResult. Returns a function that removes the handler.
 */
export function serveOverIpc<M extends MethodTable>(channel: string, service: ServiceDefinition<M>, implementation: ServiceApi<M>, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): () => void {
  ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...raw: unknown[]): Promise<IpcResult<unknown>> => {
    if (!isTrustedSender(event)) return { ok: false, message: `${channel}: refused: the message did not come from the NetCanvas window` };
    if (raw.length !== 2) return { ok: false, message: `${channel}: expected 2 arguments, got ${raw.length}` };
    const checked = envelope.safeParse(raw);
    if (!checked.success) {
      const first = checked.error.issues[0];
      return { ok: false, message: `${channel}: argument ${first.path.join('.')}: ${first.message}` };
    }
    // The size limits the host's WebSocket applies (the service's entries), checked before the arguments are.
    const [name, args] = checked.data;
    const most = serviceCallBytes(service, name);
    if (callSize(args, most) > most) return { ok: false, message: `${name}: the call holds more than ${most.toLocaleString('en')} bytes, the most this app takes for it` };
    try {
      return { ok: true, value: await dispatchServiceCall(service, implementation, name, args) };
    } catch (error) {
      return { ok: false, message: messageOf(error) };
    }
  });
  return () => ipcMain.removeHandler(channel);
}

/** The project-files service on the desktop: the main process's dialogs, recent list and recovery copy. */
export function desktopProjectFiles(files: ProjectFiles): ProjectFilesApi {
  return {
    openProject: () => files.open(),
    chooseData: (kind) => files.chooseData(kind),
    saveProject: (text, options) => files.save(text, options),
    recentProjects: () => files.recent.list(),
    openRecent: (path) => files.openRecent(path),
    saveRecovery: (text) => files.saveRecovery(text),
    loadRecovery: () => files.loadRecovery(),
    clearRecovery: () => files.clearRecovery(),
    loadBlocks: () => files.loadBlocks(),
    saveBlocks: (text) => files.saveBlocks(text),
    exportFile: (data, suggestedName) => files.export(data, suggestedName),
  };
}

/** Answers the preload's service channels (the engine's and project files'). Returns a function that removes the handlers. */
export function registerIpcHandlers({ engine, files, isTrustedSender }: IpcDependencies): () => void {
  const stops = [
    serveOverIpc(SERVICE_CHANNELS.engine, ENGINE_SERVICE, engine, isTrustedSender),
    serveOverIpc(SERVICE_CHANNELS.files, PROJECT_FILES_SERVICE, desktopProjectFiles(files), isTrustedSender),
  ];
  return () => stops.forEach((stop) => stop());
}

/** Sends every engine event to the window while it is open. Returns a function that stops. */
export function forwardEngineEvents(engine: NetCanvasApi, window: () => BrowserWindow | null): () => void {
  return engine.onEvent((event: ApiEvent) => {
    const target = window();
    if (target && !target.isDestroyed()) target.webContents.send(IPC_CHANNELS.apiEvent, event);
  });
}
