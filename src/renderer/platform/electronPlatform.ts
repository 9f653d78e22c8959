import type { IpcResult, NetCanvasBridge, ServiceName } from '../../core/api/bridge';
import { PROJECT_FILES_SERVICE } from '../../core/api/projectFiles';
import { createServiceClient, type CallTransport } from '../../core/api/service';
import { createApiClient } from './apiClient';
import type { Platform } from './platform';

/** The value of an IPC answer, or its message as an Error. */
async function unwrap<T>(answer: Promise<IpcResult<T>>): Promise<T> {
  const result = await answer;
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** One service of the bridge as a transport for the generic client. */
function bridgeTransport(bridge: NetCanvasBridge, service: ServiceName): CallTransport {
  return { call: (method, args) => unwrap(bridge.call(service, method, args)) };
}

/** The renderer in Electron: everything goes through the preload's `window.netcanvas` bridge. */
export function createElectronPlatform(bridge: NetCanvasBridge): Platform {
  return {
    kind: 'electron',
    api: createApiClient({ ...bridgeTransport(bridge, 'engine'), subscribe: (listener) => bridge.onEvent(listener) }),
    ...createServiceClient(PROJECT_FILES_SERVICE, bridgeTransport(bridge, 'files')),
    reopenLast: async () => null,
    onMenuCommand: (listener) => bridge.onMenuCommand(listener),
    // The sandboxed page's own dialog and clipboard: modal to this window, as the desktop expects.
    confirm: async (message) => window.confirm(message),
    clipboard: { writeText: (text) => navigator.clipboard.writeText(text) },
  };
}
