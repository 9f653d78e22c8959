import { app, BrowserWindow, dialog, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_CHANNELS } from '../core/api/bridge';
import { createEngine } from '../engine';
import { registerAppScheme, serveRenderer } from './appProtocol';
import { forwardEngineEvents, registerIpcHandlers } from './ipcHandlers';
import { installMenu } from './menu';
import { ProjectFiles } from './projectFiles';
import { APP_ORIGIN, createSenderCheck, originOf } from './senderCheck';
import { createMainWindow } from './window';
import { messageOf } from '../core/messageOf';

/** out/main, where this file is bundled; the preload and the renderer build sit beside it. */
const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The Electron main process: one window, its menus, the file dialogs, and the engine, whose
 * training jobs run in child processes of their own (never in this event loop). The page reaches all of
 * it only through the `netcanvas:` channels.
 */
export function startDesktopApp(): void {
  registerAppScheme();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  let window: BrowserWindow | null = null;
  const currentWindow = () => window;

  app.whenReady().then(async () => {
    const userData = app.getPath('userData');
    const devServer = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : undefined;
    const devOrigin = devServer ? originOf(devServer) ?? undefined : undefined;
    const engine = createEngine({
      runsDir: path.join(userData, 'runs'),
      cacheDir: path.join(userData, 'cache'),
      dataDir: process.env.NETCANVAS_DATA || undefined,
      env: process.env,
    });
    const files = new ProjectFiles(userData, currentWindow, () => app.getPath('documents'), () => void refreshMenu());
    const send = (command: string) => {
      if (window && !window.isDestroyed()) window.webContents.send(IPC_CHANNELS.menuCommand, command);
    };
    const refreshMenu = async () => installMenu(await files.recent.list(), { send, clearRecent: () => void files.recent.clear().then(refreshMenu) });

    const trusted = createSenderCheck(currentWindow, devOrigin ?? APP_ORIGIN);
    registerIpcHandlers({ engine, files, isTrustedSender: (event: IpcMainInvokeEvent) => trusted(event) });
    forwardEngineEvents(engine, currentWindow);
    if (!devServer) serveRenderer(path.join(here, '..', 'renderer'));
    await refreshMenu();

    const open = () => {
      window = createMainWindow({ url: devServer ?? `${APP_ORIGIN}/index.html`, preload: path.join(here, '..', 'preload', 'index.cjs'), devServer: devOrigin });
      window.on('closed', () => {
        window = null;
      });
    };
    open();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open();
    });
    app.on('second-instance', () => {
      if (window?.isMinimized()) window.restore();
      window?.focus();
    });
    let closed = false;
    app.on('before-quit', (event) => {
      if (closed) return;
      event.preventDefault();
      closed = true;
      engine.close().finally(() => app.quit());
    });
  }).catch((error: unknown) => {
    dialog.showErrorBox('NetCanvas cannot start', messageOf(error));
    app.exit(1);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
