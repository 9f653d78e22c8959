import type { BrowserWindow, IpcMainEvent, IpcMainInvokeEvent } from 'electron';

/** The scheme and host the packaged page is served from (see appProtocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'netcanvas';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** `scheme://host` of a URL (custom schemes have no `origin` in WHATWG URLs), or null. */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : null;
  } catch {
    return null;
  }
}

/**
 * Whether a message comes from the app's own page: the main window's web contents, from its
 * top frame, at the app's origin (or the dev server's, in development). Every IPC handler
 * asks this first.
 */
export function createSenderCheck(window: () => BrowserWindow | null, allowedOrigin: string) {
  return (event: IpcMainInvokeEvent | IpcMainEvent): boolean => {
    const owner = window();
    // Compared by id: the same web contents may reach JavaScript as more than one wrapper object.
    if (!owner || owner.isDestroyed() || event.sender?.id !== owner.webContents.id) return false;
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    return originOf(frame.url) === allowedOrigin;
  };
}
