import { vi } from 'vitest';

/**
 * A stand-in for the `electron` module: an ipcMain that keeps its handlers so a test can
 * invoke them as the preload would, dialogs whose answers a test sets, and a Menu that keeps
 * the template it was given.
 */
export function createFakeElectron() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const dialogAnswers = { open: [] as { canceled: boolean; filePaths: string[] }[], save: [] as { canceled: boolean; filePath?: string }[] };
  const state = { menuTemplate: null as unknown, pageEvent: null as unknown, userData: '' };
  const appListeners = new Map<string, (...args: any[]) => void>();
  const exposed = new Map<string, unknown>();
  const pageListeners = new Map<string, Set<(event: unknown, value: unknown) => void>>();
  return {
    handlers,
    dialogAnswers,
    state,
    exposed,
    /** Delivers a message from the main process to the page's ipcRenderer listeners, cloned as IPC does. */
    deliverToPage(channel: string, value: unknown) {
      for (const listener of pageListeners.get(channel) ?? []) listener({}, structuredClone(value));
    },
    contextBridge: {
      exposeInMainWorld: vi.fn((name: string, api: unknown) => {
        if (exposed.has(name)) throw new Error(`Cannot bind an API on top of an existing property on the window: ${name}`);
        exposed.set(name, api);
      }),
    },
    /** The page's side: invoke reaches the handlers ipcMain registered, with arguments cloned as IPC does. */
    ipcRenderer: {
      invoke: vi.fn(async (channel: string, ...args: unknown[]) => {
        const handler = handlers.get(channel);
        if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered`);
        return structuredClone(await handler(state.pageEvent, ...structuredClone(args)));
      }),
      on: vi.fn((channel: string, listener: (event: unknown, value: unknown) => void) => {
        if (!pageListeners.has(channel)) pageListeners.set(channel, new Set());
        pageListeners.get(channel)!.add(listener);
      }),
      removeListener: vi.fn((channel: string, listener: (event: unknown, value: unknown) => void) => {
        pageListeners.get(channel)?.delete(listener);
      }),
    },
    ipcMain: {
      handle: vi.fn((channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) => {
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, handler);
      }),
      removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    },
    dialog: {
      showOpenDialog: vi.fn(async () => dialogAnswers.open.shift() ?? { canceled: true, filePaths: [] }),
      showSaveDialog: vi.fn(async () => dialogAnswers.save.shift() ?? { canceled: true }),
    },
    appListeners,
    app: {
      isPackaged: false,
      whenReady: vi.fn(async () => undefined),
      requestSingleInstanceLock: vi.fn(() => true),
      getPath: vi.fn((name: string) => (name === 'userData' ? state.userData : `/home/me/${name}`)),
      on: vi.fn((name: string, listener: (...args: any[]) => void) => appListeners.set(name, listener)),
      quit: vi.fn(),
      exit: vi.fn(),
    },
    BrowserWindow: FakeBrowserWindow,
    shell: { openExternal: vi.fn(async () => undefined) },
    session: { defaultSession: { webRequest: { onHeadersReceived: vi.fn() } } },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    net: { fetch: vi.fn() },
    Menu: {
      buildFromTemplate: vi.fn((template: unknown) => ({ template })),
      setApplicationMenu: vi.fn((menu: { template: unknown }) => {
        state.menuTemplate = menu.template;
      }),
    },
  };
}

type Listener = (...args: any[]) => void;

/** A BrowserWindow that keeps its options and its web contents' handlers for a test to drive. */
export class FakeBrowserWindow {
  static created: FakeBrowserWindow[] = [];
  readonly listeners = new Map<string, Listener>();
  readonly contentsListeners = new Map<string, Listener>();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  permissionHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  loadedUrl: string | null = null;
  readonly sent: { channel: string; value: unknown }[] = [];
  readonly webContents = {
    id: 100 + FakeBrowserWindow.created.length,
    send: (channel: string, value: unknown) => this.sent.push({ channel, value }),
    on: (name: string, listener: Listener) => this.contentsListeners.set(name, listener),
    setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) => {
      this.windowOpenHandler = handler;
    },
    session: {
      setPermissionRequestHandler: (handler: FakeBrowserWindow['permissionHandler']) => {
        this.permissionHandler = handler;
      },
    },
  };

  constructor(readonly options: Record<string, any>) {
    FakeBrowserWindow.created.push(this);
  }

  once(name: string, listener: Listener) {
    this.listeners.set(name, listener);
  }

  on(name: string, listener: Listener) {
    this.listeners.set(name, listener);
  }

  show() {}

  isDestroyed() {
    return false;
  }

  async loadURL(url: string) {
    this.loadedUrl = url;
  }

  static getAllWindows() {
    return FakeBrowserWindow.created;
  }
}

/** A window as the main process sees it: its web contents record what was sent to the page. */
export function fakeWindow() {
  const sent: { channel: string; value: unknown }[] = [];
  let destroyed = false;
  const webContents = { id: 1, send: vi.fn((channel: string, value: unknown) => sent.push({ channel, value })) };
  return {
    sent,
    destroy: () => {
      destroyed = true;
    },
    window: { webContents, isDestroyed: () => destroyed },
  };
}

/** An IPC event from `sender`'s frame at `url`. */
export function ipcEvent(sender: unknown, url: string, topFrame = true) {
  return { sender, senderFrame: { url, parent: topFrame ? null : { url } } };
}

/** The one fake a test file's `vi.mock('electron', …)` hands out. */
export const electron = createFakeElectron();
