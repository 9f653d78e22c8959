import { BrowserWindow, session, shell } from 'electron';
import { contentSecurityPolicy } from '../core/security/csp';
import { originOf } from './senderCheck';

export interface WindowOptions {
  /** The page to load: app://netcanvas/index.html, or the dev server's URL. */
  readonly url: string;
  /** The compiled preload script. */
  readonly preload: string;
  /** The dev server's origin in development, else undefined. */
  readonly devServer?: string;
}

/**
 * The main window, locked down: context isolation, no Node in the page, the sandbox on, no
 * navigation away from the app, no new windows (https links go to the user's browser), no
 * permissions (camera, notifications, …).
 */
export function createMainWindow({ url, preload, devServer }: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'NetCanvas',
    backgroundColor: '#16181d',
    webPreferences: {
      preload,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  const appOrigin = originOf(url);
  window.webContents.on('will-navigate', (event, target) => {
    if (originOf(target) !== appOrigin) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url: target }) => {
    if (target.startsWith('https://')) void shell.openExternal(target);
    return { action: 'deny' };
  });
  window.webContents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  if (devServer) {
    // The dev server's pages carry no policy of their own; add it (with what hot reload needs).
    const policy = contentSecurityPolicy({ devServer });
    session.defaultSession.webRequest.onHeadersReceived({ urls: [`${devServer}/*`] }, (details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
    });
  }
  window.once('ready-to-show', () => window.show());
  void window.loadURL(url);
  return window;
}
