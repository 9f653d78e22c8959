import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS, type IpcResult, type SaveProjectOptions } from '../core/api/bridge';
import { dispatchApiCall, type ApiEvent, type ApiMethod, type NetCanvasApi } from '../core/api/contract';
import { checkIpcArguments, IPC_ARGUMENTS } from './ipcArguments';
import type { ProjectFiles } from './projectFiles';

export interface IpcDependencies {
  readonly engine: NetCanvasApi;
  readonly files: ProjectFiles;
  readonly isTrustedSender: (event: IpcMainInvokeEvent) => boolean;
}

type Channel = keyof typeof IPC_ARGUMENTS;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Answers the preload's channels. Each message is refused unless it comes from the app's own
 * page, and unless its arguments pass IPC_ARGUMENTS; API calls then go through
 * `dispatchApiCall`, which checks them against the contract. Returns a function that removes
 * the handlers.
 */
export function registerIpcHandlers({ engine, files, isTrustedSender }: IpcDependencies): () => void {
  const handlers: Record<Channel, (...args: any[]) => Promise<unknown>> = {
    [IPC_CHANNELS.apiCall]: (method: ApiMethod, args: unknown[]) => dispatchApiCall(engine, method, args),
    [IPC_CHANNELS.openProject]: () => files.open(),
    [IPC_CHANNELS.saveProject]: (text: string, options: SaveProjectOptions) => files.save(text, options),
    [IPC_CHANNELS.recentProjects]: async () => [...(await files.recent.list())],
    [IPC_CHANNELS.openRecent]: (path: string) => files.openRecent(path),
    [IPC_CHANNELS.saveRecovery]: (text: string) => files.saveRecovery(text),
    [IPC_CHANNELS.loadRecovery]: () => files.loadRecovery(),
    [IPC_CHANNELS.clearRecovery]: () => files.clearRecovery(),
    [IPC_CHANNELS.exportFile]: (data: string | Uint8Array, suggestedName: string) => files.export(data, suggestedName),
  };
  const channels = Object.keys(handlers) as Channel[];
  for (const channel of channels) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...raw: unknown[]): Promise<IpcResult<unknown>> => {
      if (!isTrustedSender(event)) return { ok: false, message: `${channel}: refused: the message did not come from the NetCanvas window` };
      const checked = checkIpcArguments(channel, raw);
      if (!checked.ok) return checked;
      try {
        return { ok: true, value: await handlers[channel](...checked.args) };
      } catch (error) {
        return { ok: false, message: messageOf(error) };
      }
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/** Sends every engine event to the window while it is open. Returns a function that stops. */
export function forwardEngineEvents(engine: NetCanvasApi, window: () => BrowserWindow | null): () => void {
  return engine.onEvent((event: ApiEvent) => {
    const target = window();
    if (target && !target.isDestroyed()) target.webContents.send(IPC_CHANNELS.apiEvent, event);
  });
}
