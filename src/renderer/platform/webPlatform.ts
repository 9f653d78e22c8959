import { API_SOCKET_PATH, TOKEN_PARAMETER } from '../../core/api/wire';
import { createApiClient } from './apiClient';
import { downloadFile, pickFile } from './browserFiles';
import { BrowserStore } from './browserStore';
import type { Platform } from './platform';
import { SocketTransport, type WebSocketFactory } from './socketTransport';

/** Project files the browser offers to open: NetCanvas graphs, Keras / tfjs model JSON, and ONNX models (imported by the engine). */
const PROJECT_ACCEPT = '.json,application/json,.onnx';
const TOKEN_SESSION_KEY = 'netcanvas.hostToken';

export interface WebPlatformOptions {
  readonly location?: Location;
  readonly document?: Document;
  readonly storage?: Storage;
  readonly sessionStorage?: Storage;
  readonly history?: History;
  readonly openSocket?: WebSocketFactory;
}

/**
 * The host's access token: from the page's `?token=…` (then kept for this tab, so a reload
 * keeps working, and taken out of the address bar), else the one this tab kept. Null when
 * the host needs none.
 */
export function hostToken(location: Location, session: Storage | undefined, history?: History): string | null {
  const query = new URLSearchParams(location.search);
  const fromUrl = query.get(TOKEN_PARAMETER);
  if (fromUrl) {
    session?.setItem(TOKEN_SESSION_KEY, fromUrl);
    // Out of the address bar and the history once kept: the token is a password.
    if (session && history) {
      query.delete(TOKEN_PARAMETER);
      const rest = query.toString();
      history.replaceState(history.state, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
    }
    return fromUrl;
  }
  return session?.getItem(TOKEN_SESSION_KEY) ?? null;
}

/** The API's WebSocket address for a page the host served at `location`. */
export function apiSocketUrl(location: Location, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = token ? `?${TOKEN_PARAMETER}=${encodeURIComponent(token)}` : '';
  return `${scheme}//${location.host}${API_SOCKET_PATH}${query}`;
}

/** The renderer in a browser, served by the browser host: the engine over a WebSocket, projects kept in the page's storage, files through the page. */
export function createWebPlatform(options: WebPlatformOptions = {}): Platform {
  const location = options.location ?? window.location;
  const doc = options.document ?? document;
  const store = new BrowserStore(options.storage ?? window.localStorage);
  const transport = new SocketTransport(apiSocketUrl(location, hostToken(location, options.sessionStorage ?? window.sessionStorage, options.history ?? window.history)), options.openSocket);

  return {
    kind: 'web',
    api: createApiClient(transport),
    async openProject() {
      const file = await pickFile(doc, PROJECT_ACCEPT);
      if (!file) return null;
      // An ONNX model is bytes for the engine to import; the import's graph is kept by autosave, not the recent list.
      if (/\.onnx$/i.test(file.name)) return { name: file.name, text: '', bytes: new Uint8Array(await file.arrayBuffer()) };
      const text = await file.text();
      store.remember(file.name, text);
      return { name: file.name, text };
    },
    async chooseData() {
      // A browser cannot hand the host a path: the Data view lists the host's data folders.
      return null;
    },
    // Saving keeps the project in this browser, under the name the page chose (it asked on
    // Save As); a file is downloaded only when asked (exportFile).
    async saveProject(text, { suggestedName }) {
      store.save(suggestedName, text);
      return { name: suggestedName };
    },
    async recentProjects() {
      return store.recent();
    },
    async openRecent(path) {
      return store.recentText(path);
    },
    async reopenLast() {
      return store.last();
    },
    async saveRecovery(text) {
      store.saveRecovery(text);
    },
    async loadRecovery() {
      return store.loadRecovery();
    },
    async clearRecovery() {
      store.clearRecovery();
    },
    async loadBlocks() {
      return store.loadBlocks();
    },
    async saveBlocks(text) {
      store.saveBlocks(text);
    },
    async exportFile(data, suggestedName, mime) {
      downloadFile(doc, data, suggestedName, mime);
    },
    onMenuCommand() {
      return () => undefined;
    },
    confirm: async (message) => window.confirm(message),
    clipboard: { writeText: (text) => navigator.clipboard.writeText(text) },
  };
}
