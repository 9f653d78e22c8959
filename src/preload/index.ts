import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL, IPC_CHANNELS, serviceChannel, type NetCanvasBridge } from '../core/api/bridge';

/**
 * The preload: exposes one object, `window.netcanvas`, to the sandboxed page. A call goes
 * to its service's one `netcanvas:` channel; the main process checks the sender and the
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
  call: async (service, method, args) => {
    const channel = serviceChannel(service);
    if (channel === null) return { ok: false, message: `Unknown service ${JSON.stringify(service)}` };
    return ipcRenderer.invoke(channel, method, args);
  },
  onEvent: (listener) => listen(IPC_CHANNELS.apiEvent, listener),
  onMenuCommand: (listener) => listen(IPC_CHANNELS.menuCommand, listener),
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
