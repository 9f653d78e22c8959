import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL, IPC_CHANNELS, type NetCanvasBridge } from '../core/api/bridge';

/**
 * The preload: exposes one object, `window.netcanvas`, to the sandboxed page. Each method
 * forwards to one `netcanvas:` channel; the main process checks the sender and the
 * arguments. Nothing of Electron or Node reaches the page.
 */

function listen<T>(channel: string, listener: (value: T) => void): () => void {
  const handler = (_event: IpcRendererEvent, value: T) => listener(value);
  ipcRenderer.on(channel, handler);
  return () => {
    ipcRenderer.removeListener(channel, handler);
  };
}

const bridge: NetCanvasBridge = {
  call: (method, args) => ipcRenderer.invoke(IPC_CHANNELS.apiCall, method, args),
  onEvent: (listener) => listen(IPC_CHANNELS.apiEvent, listener),
  onMenuCommand: (listener) => listen(IPC_CHANNELS.menuCommand, listener),
  openProject: () => ipcRenderer.invoke(IPC_CHANNELS.openProject),
  saveProject: (text, options) => ipcRenderer.invoke(IPC_CHANNELS.saveProject, text, options),
  recentProjects: () => ipcRenderer.invoke(IPC_CHANNELS.recentProjects),
  openRecent: (path) => ipcRenderer.invoke(IPC_CHANNELS.openRecent, path),
  saveRecovery: (text) => ipcRenderer.invoke(IPC_CHANNELS.saveRecovery, text),
  loadRecovery: () => ipcRenderer.invoke(IPC_CHANNELS.loadRecovery),
  clearRecovery: () => ipcRenderer.invoke(IPC_CHANNELS.clearRecovery),
  exportFile: (data, suggestedName, mime) => ipcRenderer.invoke(IPC_CHANNELS.exportFile, data, suggestedName, mime),
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
