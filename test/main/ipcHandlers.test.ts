import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, type IpcResult } from '../../src/core/api/bridge';
import type { ApiEvent } from '../../src/core/api/contract';
import { forwardEngineEvents, registerIpcHandlers } from '../../src/main/ipcHandlers';
import { ProjectFiles } from '../../src/main/projectFiles';
import { APP_ORIGIN, createSenderCheck } from '../../src/main/senderCheck';
import { recordingApi } from '../host/recordingApi';
import { electron, fakeWindow, ipcEvent } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electron);

const tempDirs: string[] = [];
afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'netcanvas-main-'));
  tempDirs.push(dir);
  return dir;
}

/** The main process's handlers over a recording engine, a fake window, and a temp userData folder. */
async function mainProcess() {
  electron.handlers.clear();
  const userData = await tempDir();
  const documents = await tempDir();
  const engine = recordingApi();
  const win = fakeWindow();
  const currentWindow = () => win.window as never;
  const files = new ProjectFiles(userData, currentWindow, () => documents);
  const trusted = createSenderCheck(currentWindow, APP_ORIGIN);
  registerIpcHandlers({ engine: engine.api, files, isTrustedSender: trusted });
  const fromPage = ipcEvent(win.window.webContents, `${APP_ORIGIN}/index.html`);
  const invoke = async (channel: string, args: unknown[], event: unknown = fromPage) => {
    const handler = electron.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return (await handler(event, ...args)) as IpcResult<any>;
  };
  /** A call of the project-files service, as the preload sends it. */
  const callFiles = (method: string, args: unknown[], event: unknown = fromPage) => invoke(IPC_CHANNELS.filesCall, [method, args], event);
  return { userData, documents, engine, win, files: callFiles, projectFiles: files, invoke, currentWindow };
}

beforeEach(() => {
  electron.dialogAnswers.open.length = 0;
  electron.dialogAnswers.save.length = 0;
});

describe('the main process answers only its own page', () => {
  const senders: { name: string; event: (page: unknown, other: unknown) => unknown; trusted: boolean }[] = [
    { name: 'the app page at app://netcanvas', event: (page) => ipcEvent(page, 'app://netcanvas/index.html'), trusted: true },
    { name: 'another web contents at the app origin', event: (_page, other) => ipcEvent(other, 'app://netcanvas/index.html'), trusted: false },
    { name: 'a sub-frame of the app page', event: (page) => ipcEvent(page, 'app://netcanvas/index.html', false), trusted: false },
    { name: 'the window after navigating to a web site', event: (page) => ipcEvent(page, 'https://evil.example/'), trusted: false },
    { name: 'a file:// page', event: (page) => ipcEvent(page, 'file:///tmp/index.html'), trusted: false },
    { name: 'a look-alike host', event: (page) => ipcEvent(page, 'app://netcanvas.evil/index.html'), trusted: false },
    { name: 'a frame that is gone', event: (page) => ({ sender: page, senderFrame: null }), trusted: false },
  ];
  it.each(senders)('$name: trusted=$trusted', async ({ event, trusted }) => {
    const main = await mainProcess();
    const answer = await main.invoke(IPC_CHANNELS.apiCall, ['engineInfo', []], event(main.win.window.webContents, { id: 2 }));
    if (trusted) {
      expect(answer).toMatchObject({ ok: true, value: { version: 'test' } });
      expect(main.engine.calls.map((c) => c.method)).toEqual(['engineInfo']);
    } else {
      expect(answer).toEqual({ ok: false, message: `${IPC_CHANNELS.apiCall}: refused: the message did not come from the NetCanvas window` });
      expect(main.engine.calls).toEqual([]);
    }
  });

  it('refuses every channel from a foreign sender, before looking at the arguments', async () => {
    const main = await mainProcess();
    const foreign = ipcEvent({ id: 99 }, 'app://netcanvas/index.html');
    for (const channel of electron.handlers.keys()) {
      const answer = await main.invoke(channel, [], foreign);
      expect(answer.ok, channel).toBe(false);
      expect(answer.ok === false && answer.message).toContain('refused');
    }
    expect(electron.dialog.showOpenDialog).not.toHaveBeenCalled();
  });

  it('registers a handler for every request channel of the bridge, all with the netcanvas: prefix', async () => {
    await mainProcess();
    const requestChannels = Object.values(IPC_CHANNELS).filter((c) => c !== IPC_CHANNELS.apiEvent && c !== IPC_CHANNELS.menuCommand);
    expect([...electron.handlers.keys()].sort()).toEqual([...requestChannels].sort());
    for (const channel of electron.handlers.keys()) expect(channel).toMatch(/^netcanvas:/);
  });
});

/** A value that holds itself (Electron's structured clone keeps cycles). */
function cyclic(): unknown {
  const value: Record<string, unknown> = { name: 'loop' };
  value.self = value;
  return value;
}

describe('the main process checks every argument', () => {
  const badCalls: { channel: string; args: unknown[]; message: RegExp }[] = [
    { channel: IPC_CHANNELS.apiCall, args: ['rmRf', []], message: /Unknown API method "rmRf"/ },
    { channel: IPC_CHANNELS.apiCall, args: ['getRun', ['../../etc/passwd']], message: /getRun: argument 0: expected a run id/ },
    { channel: IPC_CHANNELS.apiCall, args: ['datasetSample', ['mnist', 'train', 0, 1]], message: /datasetSample/ },
    { channel: IPC_CHANNELS.apiCall, args: ['predict', [{ runId: 'r1', pixels: [0.5] }]], message: /predict: argument 0.pixels/ },
    { channel: IPC_CHANNELS.apiCall, args: ['engineInfo', 'not a list'], message: /argument 1: Expected array/ },
    { channel: IPC_CHANNELS.apiCall, args: [], message: /^netcanvas:api-call: expected 2 arguments, got 0$/ },
    { channel: IPC_CHANNELS.filesCall, args: ['saveProject', ['{}', { path: 'relative/model.json', suggestedName: 'm.json', saveAs: false }]], message: /argument 1.path: expected an absolute path/ },
    { channel: IPC_CHANNELS.filesCall, args: ['saveProject', ['{}', { suggestedName: '../../.bashrc', saveAs: true }]], message: /argument 1.suggestedName: expected a file name without folders/ },
    { channel: IPC_CHANNELS.filesCall, args: ['saveProject', ['{}', { suggestedName: 'm.json', saveAs: true, overwrite: true }]], message: /Unrecognized key/ },
    { channel: IPC_CHANNELS.filesCall, args: ['saveProject', [42, { suggestedName: 'm.json', saveAs: true }]], message: /argument 0: Expected string/ },
    { channel: IPC_CHANNELS.filesCall, args: ['saveRecovery', ['x'.repeat(20 * 1024 * 1024 + 1)]], message: /a project is at most 20/ },
    { channel: IPC_CHANNELS.filesCall, args: ['openRecent', ['C:relative']], message: /expected an absolute path/ },
    { channel: IPC_CHANNELS.filesCall, args: ['openRecent', ['/tmp/a\0b']], message: /expected an absolute path/ },
    { channel: IPC_CHANNELS.filesCall, args: ['exportFile', ['data', 'a/b.ts', 'text/plain']], message: /argument 1: expected a file name without folders/ },
    { channel: IPC_CHANNELS.filesCall, args: ['exportFile', ['data', 'model.ts', 'not a mime']], message: /argument 2: expected a MIME type/ },
    { channel: IPC_CHANNELS.filesCall, args: ['exportFile', [{ length: 3 }, 'model.ts', 'text/plain']], message: /argument 0/ },
    { channel: IPC_CHANNELS.filesCall, args: ['openProject', ['/etc/passwd']], message: /^openProject: expected 0 arguments, got 1$/ },
    { channel: IPC_CHANNELS.filesCall, args: ['chooseData', ['/etc']], message: /chooseData: argument 0: Invalid enum value. Expected 'file' \| 'folder'/ },
    // The host's per-call limits (the services' entries), before any argument is checked.
    { channel: IPC_CHANNELS.apiCall, args: ['getRun', ['r'.repeat(100_000)]], message: /^getRun: the call holds more than 16,384 bytes, the most this app takes for it$/ },
    { channel: IPC_CHANNELS.apiCall, args: ['predict', [{ runId: 'r1', pixels: Array(784).fill(0.5), pad: 'x'.repeat(70_000) }]], message: /^predict: the call holds more than 65,536 bytes/ },
    { channel: IPC_CHANNELS.apiCall, args: ['listRuns', [cyclic()]], message: /^listRuns: the call holds more than 16,384 bytes/ },
    { channel: IPC_CHANNELS.filesCall, args: ['openRecent', [`/${'a'.repeat(50_000)}`]], message: /^openRecent: the call holds more than 16,384 bytes/ },
    { channel: IPC_CHANNELS.filesCall, args: ['exportFile', [new Uint8Array(200 * 1024 * 1024 + 16 * 1024 + 1), 'w.bin', 'application/octet-stream']], message: /^exportFile: the call holds more than 209,731,584 bytes/ },
  ];
  it.each(badCalls)('$channel refuses $message', async ({ channel, args, message }) => {
    const main = await mainProcess();
    const answer = await main.invoke(channel, args);
    expect(answer.ok).toBe(false);
    expect(answer.ok === false && answer.message).toMatch(message);
    expect(main.engine.calls).toEqual([]);
    expect(electron.dialog.showOpenDialog).not.toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ defaultPath: expect.stringContaining('passwd') }));
  });

  it('passes checked calls to the engine and its errors back as messages', async () => {
    const main = await mainProcess();
    const sample = await main.invoke(IPC_CHANNELS.apiCall, ['datasetSample', ['mnist', 'test', 3, 5]]);
    expect(sample.ok).toBe(true);
    expect(sample.ok && sample.value.images).toHaveLength(3);
    expect(await main.invoke(IPC_CHANNELS.apiCall, ['getRun', ['run-404']])).toEqual({ ok: false, message: "No run is called 'run-404'" });
    expect(main.engine.calls.map((c) => c.method)).toEqual(['datasetSample', 'getRun']);
  });

  it('passes calls as large as their limits allow: a predict of 784 values, a project of 20 MiB', async () => {
    const main = await mainProcess();
    const pixels = Array.from({ length: 784 }, (_, i) => i / 783);
    expect((await main.invoke(IPC_CHANNELS.apiCall, ['predict', [{ runId: 'r1', pixels }]])).ok).toBe(true);
    expect(await main.files('saveRecovery', ['x'.repeat(20 * 1024 * 1024)])).toEqual({ ok: true, value: undefined });
  });
});

describe('the page reaches only files the user chose', () => {
  it('opens the file chosen in the Open dialog, then saves back to it atomically', async () => {
    const main = await mainProcess();
    const file = path.join(main.documents, 'mine.netcanvas.json');
    await writeFile(file, '{"format":"netcanvas-graph"}');
    electron.dialogAnswers.open.push({ canceled: false, filePaths: [file] });
    expect(await main.files('openProject', [])).toEqual({ ok: true, value: { name: 'mine.netcanvas.json', path: file, text: '{"format":"netcanvas-graph"}' } });

    const saved = await main.files('saveProject', ['{"v":2}', { path: file, suggestedName: 'mine.netcanvas.json', saveAs: false }]);
    expect(saved).toEqual({ ok: true, value: { name: 'mine.netcanvas.json', path: file } });
    expect(await readFile(file, 'utf8')).toBe('{"v":2}');
    expect(electron.dialog.showSaveDialog).not.toHaveBeenCalled();
    expect((await readdir(main.documents)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to save to or open a path the page names on its own', async () => {
    const main = await mainProcess();
    const victim = path.join(main.documents, 'victim.txt');
    await writeFile(victim, 'keep me');
    const save = await main.files('saveProject', ['{}', { path: victim, suggestedName: 'x.json', saveAs: false }]);
    expect(save).toEqual({ ok: false, message: `NetCanvas saves only to files chosen in its Open or Save dialogs; ${victim} was not. Use File ▸ Save As…` });
    const open = await main.files('openRecent', [victim]);
    expect(open).toEqual({ ok: false, message: `${victim} is not in the recent projects list; open it with File ▸ Open…` });
    expect(await readFile(victim, 'utf8')).toBe('keep me');
  });

  it('asks where with the Save dialog for a new project, and a cancel writes nothing', async () => {
    const main = await mainProcess();
    expect(await main.files('saveProject', ['{}', { suggestedName: 'new.netcanvas.json', saveAs: false }])).toEqual({ ok: true, value: null });
    expect(electron.dialog.showSaveDialog).toHaveBeenLastCalledWith(main.win.window, expect.objectContaining({ defaultPath: path.join(main.documents, 'new.netcanvas.json') }));
    expect(await readdir(main.documents)).toEqual([]);

    const target = path.join(main.documents, 'chosen.json');
    electron.dialogAnswers.save.push({ canceled: false, filePath: target });
    expect(await main.files('saveProject', ['{"a":1}', { suggestedName: 'new.netcanvas.json', saveAs: false }])).toEqual({ ok: true, value: { name: 'chosen.json', path: target } });
    expect(await readFile(target, 'utf8')).toBe('{"a":1}');
  });

  it('keeps the recent list in userData, so a restarted app may reopen those files and no others', async () => {
    const first = await mainProcess();
    const file = path.join(first.documents, 'kept.json');
    await writeFile(file, '{"kept":true}');
    electron.dialogAnswers.open.push({ canceled: false, filePaths: [file] });
    await first.files('openProject', []);
    const stored = JSON.parse(await readFile(path.join(first.userData, 'recent-projects.json'), 'utf8'));
    expect(stored).toEqual({ version: 1, files: [{ name: 'kept.json', path: file }] });

    // A new main process over the same userData: the recent file opens, and may be saved to.
    electron.handlers.clear();
    const files = new ProjectFiles(first.userData, first.currentWindow, () => first.documents);
    registerIpcHandlers({ engine: first.engine.api, files, isTrustedSender: createSenderCheck(first.currentWindow, APP_ORIGIN) });
    expect(await first.files('recentProjects', [])).toEqual({ ok: true, value: [{ name: 'kept.json', path: file }] });
    expect(await first.files('openRecent', [file])).toEqual({ ok: true, value: { name: 'kept.json', path: file, text: '{"kept":true}' } });
    expect(await first.files('saveProject', ['{"kept":2}', { path: file, suggestedName: 'kept.json', saveAs: false }])).toMatchObject({ ok: true });
  });

  it('drops a recent file that has disappeared and says so', async () => {
    const main = await mainProcess();
    const file = path.join(main.documents, 'gone.json');
    await writeFile(file, '{}');
    electron.dialogAnswers.open.push({ canceled: false, filePaths: [file] });
    await main.files('openProject', []);
    await rm(file);
    expect(await main.files('openRecent', [file])).toEqual({ ok: false, message: `${file}: no such file` });
    expect(await main.files('recentProjects', [])).toEqual({ ok: true, value: [] });
  });

  it('refuses a chosen file larger than a document may be', async () => {
    const main = await mainProcess();
    const big = path.join(main.documents, 'big.json');
    await writeFile(big, Buffer.alloc(20 * 1024 * 1024 + 10, 32));
    electron.dialogAnswers.open.push({ canceled: false, filePaths: [big] });
    const answer = await main.files('openProject', []);
    expect(answer).toEqual({ ok: false, message: `${big} is 20.0 MiB; NetCanvas opens files of at most 20 MiB` });
  });

  it('opens an .onnx file as bytes, offered by the Open dialog, and refuses one larger than the engine imports', async () => {
    const main = await mainProcess();
    const file = path.join(main.documents, 'net.onnx');
    await writeFile(file, Buffer.from([8, 7, 0, 255]));
    electron.dialogAnswers.open.push({ canceled: false, filePaths: [file] });
    expect(await main.files('openProject', [])).toEqual({ ok: true, value: { name: 'net.onnx', path: file, text: '', bytes: new Uint8Array([8, 7, 0, 255]) } });
    expect(electron.dialog.showOpenDialog).toHaveBeenLastCalledWith(main.win.window, expect.objectContaining({ filters: expect.arrayContaining([expect.objectContaining({ extensions: ['json', 'onnx'] })]) }));
    const big = path.join(main.documents, 'big.onnx');
    await writeFile(big, Buffer.alloc(16 * 1024 * 1024 + 10));
    electron.dialogAnswers.open.push({ canceled: false, filePaths: [big] });
    expect(await main.files('openProject', [])).toEqual({ ok: false, message: `${big} is 16.0 MiB; NetCanvas opens ONNX models of at most 16 MiB (\`netcanvas train\` reads larger ones)` });
  });

  it('keeps one recovery copy in userData until it is cleared', async () => {
    const main = await mainProcess();
    expect(await main.files('loadRecovery', [])).toEqual({ ok: true, value: null });
    await main.files('saveRecovery', ['{"draft":1}']);
    await main.files('saveRecovery', ['{"draft":2}']);
    expect(await main.files('loadRecovery', [])).toEqual({ ok: true, value: '{"draft":2}' });
    expect(await readdir(path.join(main.userData, 'recovery'))).toEqual(['recovery.netcanvas.json']);
    await main.files('clearRecovery', []);
    expect(await main.files('loadRecovery', [])).toEqual({ ok: true, value: null });
  });

  it('keeps the saved blocks (My blocks) in userData, written whole each time', async () => {
    const main = await mainProcess();
    expect(await main.files('loadBlocks', [])).toEqual({ ok: true, value: null });
    await main.files('saveBlocks', ['{"blocks":1}']);
    await main.files('saveBlocks', ['{"blocks":2}']);
    expect(await main.files('loadBlocks', [])).toEqual({ ok: true, value: '{"blocks":2}' });
    expect(await readFile(path.join(main.userData, 'blocks.json'), 'utf8')).toBe('{"blocks":2}');
    expect(await main.files('saveBlocks', [42])).toEqual({ ok: false, message: expect.stringMatching(/argument/) });
  });

  it('refuses a blocks file that is not a regular file, saying so, rather than hang or read it as no blocks', async () => {
    const main = await mainProcess();
    execFileSync('mkfifo', [path.join(main.userData, 'blocks.json')]);
    const answer = await main.files('loadBlocks', []);
    expect(answer.ok === false && answer.message).toMatch(/blocks\.json is a FIFO \(named pipe\), not a regular file/);
  });

  it.each([
    { kind: 'file', property: 'openFile', answer: { canceled: false, filePaths: ['/data/iris.csv'] }, value: '/data/iris.csv' },
    { kind: 'folder', property: 'openDirectory', answer: { canceled: false, filePaths: ['/data/digits'] }, value: '/data/digits' },
    { kind: 'file', property: 'openFile', answer: { canceled: true, filePaths: [] }, value: null },
  ])('chooseData($kind) asks the Open dialog for a $property and answers its path ($value)', async ({ kind, property, answer, value }) => {
    const main = await mainProcess();
    electron.dialogAnswers.open.push(answer);
    expect(await main.files('chooseData', [kind])).toEqual({ ok: true, value });
    expect(electron.dialog.showOpenDialog).toHaveBeenCalledWith(main.win.window, expect.objectContaining({ properties: [property] }));
  });

  it('exports text and bytes where the Save dialog says', async () => {
    const main = await mainProcess();
    const code = path.join(main.documents, 'model.ts');
    const png = path.join(main.documents, 'graph.png');
    electron.dialogAnswers.save.push({ canceled: false, filePath: code }, { canceled: false, filePath: png });
    expect(await main.files('exportFile', ['export const x = 1;\n', 'model.ts', 'text/typescript'])).toEqual({ ok: true });
    expect(await main.files('exportFile', [new Uint8Array([137, 80, 78, 71]), 'graph.png', 'image/png'])).toEqual({ ok: true });
    expect(await readFile(code, 'utf8')).toBe('export const x = 1;\n');
    expect([...(await readFile(png))]).toEqual([137, 80, 78, 71]);
    expect(electron.dialog.showSaveDialog).toHaveBeenCalledWith(main.win.window, expect.objectContaining({ filters: expect.arrayContaining([{ name: 'PNG files', extensions: ['png'] }]) }));
  });
});

describe('engine events reach the window', () => {
  const events: ApiEvent[] = [
    { type: 'status', jobId: 'job-1', stage: 'loading-data', message: 'Loading MNIST' },
    { type: 'epoch', jobId: 'job-1', epoch: 1, loss: 0.3, accuracy: 0.9, valLoss: 0.25, valAccuracy: 0.92, samplesPerSecond: 5000, seconds: 12, elapsed: 12, eta: 0 },
    { type: 'done', jobId: 'job-1', status: 'completed', runId: 'run-1' },
  ];
  it('forwards each event on netcanvas:api-event while the window is open, and none after', async () => {
    const engine = recordingApi();
    const win = fakeWindow();
    const stop = forwardEngineEvents(engine.api, () => win.window as never);
    events.forEach(engine.emit);
    expect(win.sent).toEqual(events.map((value) => ({ channel: IPC_CHANNELS.apiEvent, value })));
    win.destroy();
    engine.emit(events[0]);
    expect(win.sent).toHaveLength(events.length);
    stop();
    expect(engine.listenerCount).toBe(0);
  });
});

describe('the main process reads only bounded regular files', () => {
  const special: { name: string; make: (file: string) => void }[] = [
    { name: 'a FIFO (a plain read waits forever)', make: (file) => execFileSync('mkfifo', [file]) },
    { name: 'a link to /dev/zero (a plain read never ends)', make: (file) => symlinkSync('/dev/zero', file) },
  ];
  it.each(special)('a recovery copy that is $name: no recovery, at once', async ({ make }) => {
    const main = await mainProcess();
    mkdirSync(path.join(main.userData, 'recovery'));
    make(path.join(main.userData, 'recovery', 'recovery.netcanvas.json'));
    expect(await main.files('loadRecovery', [])).toEqual({ ok: true, value: null });
  }, 10_000);

  it.each(special)('a recent list that is $name: an empty list, at once', async ({ make }) => {
    const main = await mainProcess();
    make(path.join(main.userData, 'recent-projects.json'));
    expect(await main.files('recentProjects', [])).toEqual({ ok: true, value: [] });
  }, 10_000);

  it('a recovery copy larger than a document may be: no recovery, unread', async () => {
    const main = await mainProcess();
    mkdirSync(path.join(main.userData, 'recovery'));
    await writeFile(path.join(main.userData, 'recovery', 'recovery.netcanvas.json'), Buffer.alloc(20 * 1024 * 1024 + 1, 32));
    expect(await main.files('loadRecovery', [])).toEqual({ ok: true, value: null });
  });

  it.each(special)('a chosen project that is $name is refused with a message', async ({ make }) => {
    const main = await mainProcess();
    const file = path.join(main.documents, 'special.json');
    make(file);
    electron.dialogAnswers.open.push({ canceled: false, filePaths: [file] });
    const answer = await main.files('openProject', []);
    expect(answer.ok).toBe(false);
    expect(answer.ok === false && answer.message).toMatch(/special\.json is (a FIFO \(named pipe\)|a device), not a regular file/);
  }, 10_000);
});
