import type { IpcResult, NetCanvasBridge } from '../../core/api/bridge';
import { createApiClient } from './apiClient';
import type { Platform } from './platform';

/** The value of an IPC answer, or its message as an Error. */
async function unwrap<T>(answer: Promise<IpcResult<T>>): Promise<T> {
  const result = await answer;
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** The renderer in Electron: everything goes through the preload's `window.netcanvas` bridge. */
export function createElectronPlatform(bridge: NetCanvasBridge): Platform {
  return {
    kind: 'electron',
    api: createApiClient({
      call: (method, args) => unwrap(bridge.call(method, args)),
      subscribe: (listener) => bridge.onEvent(listener),
    }),
    openProject: () => unwrap(bridge.openProject()),
    saveProject: (text, options) => unwrap(bridge.saveProject(text, options)),
    recentProjects: () => unwrap(bridge.recentProjects()),
    openRecent: (path) => unwrap(bridge.openRecent(path)),
    saveRecovery: (text) => unwrap(bridge.saveRecovery(text)),
    loadRecovery: () => unwrap(bridge.loadRecovery()),
    clearRecovery: () => unwrap(bridge.clearRecovery()),
    exportFile: (data, suggestedName, mime) => unwrap(bridge.exportFile(data, suggestedName, mime)),
    onMenuCommand: (listener) => bridge.onMenuCommand(listener),
  };
}
