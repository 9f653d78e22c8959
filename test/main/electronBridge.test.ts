import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BRIDGE_GLOBAL, IPC_CHANNELS, type NetCanvasBridge } from '../../src/core/api/bridge';
import type { ApiEvent } from '../../src/core/api/contract';
import { forwardEngineEvents, registerIpcHandlers } from '../../src/main/ipcHandlers';
import { ProjectFiles } from '../../src/main/projectFiles';
import { APP_ORIGIN, createSenderCheck } from '../../src/main/senderCheck';
import { createPlatform, detectPlatform } from '../../src/renderer/platform/index';
import type { Platform } from '../../src/renderer/platform/platform';
import { recordingApi } from '../host/recordingApi';
import { electron, fakeWindow, ipcEvent } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electron);

/**
 * The whole Electron path with a stand-in for Electron's IPC only: the renderer's Platform →
 * the preload's `window.netcanvas` → the main process's handlers → the engine, and engine
 * events and menu commands back. Arguments are structured-cloned, as IPC does.
 */

let dir: string;
let platform: Platform;
let bridge: NetCanvasBridge;
const engine = recordingApi();
const win = fakeWindow();
(win.window.webContents as any).send = (channel: string, value: unknown) => electron.deliverToPage(channel, value);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'netcanvas-bridge-'));
  const currentWindow = () => win.window as never;
  registerIpcHandlers({ engine: engine.api, files: new ProjectFiles(dir, currentWindow, () => dir), isTrustedSender: createSenderCheck(currentWindow, APP_ORIGIN) });
  forwardEngineEvents(engine.api, currentWindow);
  electron.state.pageEvent = ipcEvent(win.window.webContents, `${APP_ORIGIN}/index.html`);
  await import('../../src/preload/index');
  bridge = electron.exposed.get(BRIDGE_GLOBAL) as NetCanvasBridge;
  platform = createPlatform({ [BRIDGE_GLOBAL]: bridge });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the preload', () => {
  it('exposes exactly one object, window.netcanvas, with functions only', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    expect([...electron.exposed.keys()]).toEqual([BRIDGE_GLOBAL]);
    expect(Object.values(bridge).every((v) => typeof v === 'function')).toBe(true);
  });

  it('sends only on netcanvas: channels', async () => {
    await bridge.call('files', 'recentProjects', []);
    for (const [channel] of electron.ipcRenderer.invoke.mock.calls) expect(channel).toMatch(/^netcanvas:/);
  });
});

describe('the Electron platform, end to end', () => {
  it('is chosen when the bridge is there, and the web platform otherwise', () => {
    expect(detectPlatform({ [BRIDGE_GLOBAL]: bridge })).toBe('electron');
    expect(platform.kind).toBe('electron');
    expect(detectPlatform({})).toBe('web');
    expect(detectPlatform({ [BRIDGE_GLOBAL]: { call: 'not a function' } })).toBe('web');
  });

  it('calls the engine and returns its answers; refusals and engine errors arrive as plain messages', async () => {
    await expect(platform.api.datasetSample('mnist', 'train', 2, 4, [10, 11])).resolves.toMatchObject({ indices: [10, 11], labels: [0, 1] });
    await expect(platform.api.getRun('run-2')).rejects.toThrow(new Error("No run is called 'run-2'"));
    await expect(platform.api.stopTraining('rm -rf /')).rejects.toThrow(new Error('stopTraining: argument 0: expected a job id such as job-1'));
    expect(engine.calls.map((c) => c.method)).toEqual(['datasetSample', 'getRun']);
  });

  it('delivers engine events to listeners until they stop', () => {
    const seen: ApiEvent[] = [];
    const stop = platform.api.onEvent((event) => seen.push(event));
    const event: ApiEvent = { type: 'status', jobId: 'job-1', stage: 'compiling', message: 'Compiling' };
    engine.emit(event);
    stop();
    engine.emit(event);
    expect(seen).toEqual([event]);
  });

  it('delivers menu commands', () => {
    const seen: string[] = [];
    const stop = platform.onMenuCommand((command) => seen.push(command));
    electron.deliverToPage(IPC_CHANNELS.menuCommand, 'file.save');
    stop();
    electron.deliverToPage(IPC_CHANNELS.menuCommand, 'file.open');
    expect(seen).toEqual(['file.save']);
  });

  it('opens, saves and reopens a project through the dialogs and the recent list', async () => {
    const file = path.join(dir, 'net.netcanvas.json');
    await writeFile(file, '{"n":1}');
    electron.dialogAnswers.open.push({ canceled: false, filePaths: [file] });
    expect(await platform.openProject()).toEqual({ name: 'net.netcanvas.json', path: file, text: '{"n":1}' });
    expect(await platform.saveProject('{"n":2}', { path: file, suggestedName: 'net.netcanvas.json', saveAs: false })).toEqual({ name: 'net.netcanvas.json', path: file });
    expect(await readFile(file, 'utf8')).toBe('{"n":2}');
    expect(await platform.recentProjects()).toEqual([{ name: 'net.netcanvas.json', path: file }]);
    expect(await platform.openRecent(file)).toMatchObject({ text: '{"n":2}' });
    await expect(platform.openRecent('/etc/passwd')).rejects.toThrow('/etc/passwd is not in the recent projects list; open it with File ▸ Open…');
  });

  it('keeps and clears the recovery copy, and exports through the Save dialog', async () => {
    await platform.saveRecovery('{"draft":3}');
    expect(await platform.loadRecovery()).toBe('{"draft":3}');
    await platform.clearRecovery();
    expect(await platform.loadRecovery()).toBeNull();
    const out = path.join(dir, 'model.ts');
    electron.dialogAnswers.save.push({ canceled: false, filePath: out });
    await platform.exportFile('export {};\n', 'model.ts', 'text/typescript');
    expect(await readFile(out, 'utf8')).toBe('export {};\n');
  });
});
