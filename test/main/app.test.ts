import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../src/core/api/bridge';
import type { ApiEvent } from '../../src/core/api/contract';
import { electron, FakeBrowserWindow, ipcEvent } from './fakeElectron';

/**
 * The main process's start-up wiring (src/main/app.ts) with stand-ins for Electron and for the
 * engine: what it registers, what it loads, what it serves, and that quitting closes the engine.
 */

const engine = vi.hoisted(() => ({ created: [] as unknown[], closed: 0, double: null as any }));
vi.mock('electron', async () => (await import('./fakeElectron')).electron);
vi.mock('../../src/engine/index', async () => {
  const { recordingApi: make } = await import('../host/recordingApi');
  return {
    createEngine: (options: unknown) => {
      engine.created.push(options);
      engine.double = make();
      return {
        ...engine.double.api,
        close: async () => {
          engine.closed++;
        },
      };
    },
  };
});

let userData: string;
let window: FakeBrowserWindow;

beforeAll(async () => {
  userData = await mkdtemp(path.join(os.tmpdir(), 'netcanvas-app-'));
  electron.state.userData = userData;
  const { startDesktopApp } = await import('../../src/main/app');
  startDesktopApp();
  for (let i = 0; i < 100 && FakeBrowserWindow.created.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  window = FakeBrowserWindow.created[0];
});
afterAll(async () => {
  await rm(userData, { recursive: true, force: true });
});

describe('the desktop app at start-up', () => {
  it('registers app:// as a secure standard scheme before anything loads', () => {
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('creates one engine keeping runs and downloads in userData', () => {
    expect(engine.created).toEqual([expect.objectContaining({ runsDir: path.join(userData, 'runs'), cacheDir: path.join(userData, 'cache') })]);
  });

  it('opens one locked-down window on the app page with the compiled preload', () => {
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(window.loadedUrl).toBe('app://netcanvas/index.html');
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: expect.stringMatching(/preload[/\\]index\.cjs$/) });
  });

  it('installs the menus, whose commands reach the page', () => {
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalled();
    const file = (electron.state.menuTemplate as any[]).find((m) => m.label === '&File');
    file.submenu.find((i: any) => i.label === 'Save').click();
    expect(window.sent).toContainEqual({ channel: IPC_CHANNELS.menuCommand, value: 'file.save' });
  });

  it('answers the page on every channel, and forwards engine events to it', async () => {
    const answer = await electron.handlers.get(IPC_CHANNELS.apiCall)!(ipcEvent(window.webContents, 'app://netcanvas/index.html'), 'listRuns', []);
    expect(answer).toEqual({ ok: true, value: [] });
    const event: ApiEvent = { type: 'done', jobId: 'job-1', status: 'completed', runId: 'run-1' };
    engine.double.emit(event);
    expect(window.sent).toContainEqual({ channel: IPC_CHANNELS.apiEvent, value: event });
  });

  it('serves the renderer build at app:// with the Content-Security-Policy, and nothing else', async () => {
    const handler = electron.protocol.handle.mock.calls[0][1] as (request: Request) => Promise<Response>;
    electron.net.fetch.mockImplementation(async (url: string) => new Response(await readFile(new URL(url)), { headers: { 'Content-Type': 'text/html' } }));
    const page = await handler(new Request('app://netcanvas/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Security-Policy')).toMatch(/^default-src 'self'; script-src 'self';/);
    expect(page.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(await page.text()).toContain('<div id="root">');
    const fetched = electron.net.fetch.mock.calls.length;
    for (const url of ['app://other/index.html', 'app://netcanvas/.env', 'app://netcanvas/a%5c..%5c..%5cmain%5capp.ts']) {
      expect((await handler(new Request(url))).status, url).toBe(404);
    }
    // The URL parser folds the climb into app://netcanvas/etc/passwd, which the build lacks: refused before any fetch.
    expect((await handler(new Request('app://netcanvas/../../../etc/passwd'))).status).toBe(404);
    expect(electron.net.fetch.mock.calls.length).toBe(fetched);
  });

  it('closes the engine before quitting', async () => {
    const event = { preventDefault: vi.fn() };
    electron.appListeners.get('before-quit')!(event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
    expect(engine.closed).toBe(1);
    electron.appListeners.get('before-quit')!({ preventDefault: vi.fn() });
    expect(engine.closed).toBe(1);
  });
});
