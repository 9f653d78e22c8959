import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { rendererFileFor } from '../../src/main/appProtocol';
import { writeFileAtomic } from '../../src/node/atomicWrite';
import { installMenu } from '../../src/main/menu';
import { RecentFiles } from '../../src/main/recentFiles';
import { createMainWindow } from '../../src/main/window';
import { electron, FakeBrowserWindow } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electron);

const tempDirs: string[] = [];
afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});
async function tempDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'netcanvas-main-'));
  tempDirs.push(dir);
  return dir;
}

describe('the main window is locked down', () => {
  const window = createMainWindow({ url: 'app://netcanvas/index.html', preload: '/app/out/preload/index.cjs' });
  const fake = window as unknown as FakeBrowserWindow;

  it('isolates the page: context isolation, sandbox, no Node, no webview', () => {
    expect(fake.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(fake.loadedUrl).toBe('app://netcanvas/index.html');
  });

  const navigations: { to: string; allowed: boolean }[] = [
    { to: 'app://netcanvas/index.html#/runs', allowed: true },
    { to: 'https://evil.example/', allowed: false },
    { to: 'file:///etc/passwd', allowed: false },
    { to: 'app://other/index.html', allowed: false },
  ];
  it.each(navigations)('navigating to $to: allowed=$allowed', ({ to, allowed }) => {
    const event = { preventDefault: vi.fn() };
    fake.contentsListeners.get('will-navigate')!(event, to);
    expect(event.preventDefault).toHaveBeenCalledTimes(allowed ? 0 : 1);
  });

  it('opens no new windows (https links go to the browser) and grants no permissions', () => {
    expect(fake.windowOpenHandler!({ url: 'https://keras.io/' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://keras.io/');
    expect(fake.windowOpenHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
    const granted: boolean[] = [];
    for (const permission of ['media', 'notifications', 'clipboard-read', 'openExternal']) fake.permissionHandler!({}, permission, (g) => granted.push(g));
    expect(granted).toEqual([false, false, false, false]);
  });
});

describe('the app menu', () => {
  it('installs the menu as the application menu', () => {
    installMenu([{ name: 'mlp.json', path: '/home/me/mlp.json' }], { send: vi.fn(), clearRecent: vi.fn() });
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledOnce();
  });
});

describe('app:// serves only the renderer build', () => {
  const root = '/app/out/renderer';
  const cases: { url: string; file: string | null }[] = [
    { url: 'app://netcanvas/', file: `${root}/index.html` },
    { url: 'app://netcanvas/index.html', file: `${root}/index.html` },
    { url: 'app://netcanvas/assets/index-abc.js', file: `${root}/assets/index-abc.js` },
    { url: 'app://netcanvas/assets/a%20b.css', file: `${root}/assets/a b.css` },
    { url: 'app://netcanvas/../../etc/passwd', file: `${root}/etc/passwd` },
    { url: 'app://netcanvas/%2e%2e/%2e%2e/etc/passwd', file: `${root}/etc/passwd` },
    { url: 'app://netcanvas/assets/..%2f..%2f..%2fmain%2findex.js', file: null },
    { url: 'app://netcanvas/a%5c..%5c..%5csecret', file: null },
    { url: 'app://netcanvas/x%00.html', file: null },
    { url: 'app://netcanvas/.env', file: null },
    { url: 'app://netcanvas/%E0%A4%A', file: null },
    { url: 'app://elsewhere/index.html', file: null },
    { url: 'file:///app/out/renderer/index.html', file: null },
  ];
  it.each(cases)('$url → $file', ({ url, file }) => {
    expect(rendererFileFor(root, url)).toBe(file);
  });
});

describe('files the main process keeps', () => {
  it('writes atomically: the old content or the new, no temporary file left', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'nested', 'state.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, new Uint8Array([116, 119, 111]));
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(path.dirname(file))).toEqual(['state.json']);
    await expect(writeFileAtomic(path.join(dir, 'nested', 'state.json', 'below'), 'x')).rejects.toThrow();
    expect(await readFile(file, 'utf8')).toBe('two');
  });

  const damaged: { name: string; content: string }[] = [
    { name: 'not JSON', content: '{"version":1,"files":[' },
    { name: 'another version', content: '{"version":2,"files":[]}' },
    { name: 'wrong shape', content: '{"version":1,"files":"x"}' },
  ];
  it.each(damaged)('reads a recent list that is $name as empty, and writes a good one over it', async ({ content }) => {
    const dir = await tempDir();
    const store = path.join(dir, 'recent-projects.json');
    await writeFile(store, content);
    const recent = new RecentFiles(store);
    expect(await recent.list()).toEqual([]);
    await recent.add('/home/me/a.json');
    expect(JSON.parse(await readFile(store, 'utf8'))).toEqual({ version: 1, files: [{ name: 'a.json', path: '/home/me/a.json' }] });
  });

  it('keeps the ten most recent projects, newest first, without repeats', async () => {
    const recent = new RecentFiles(path.join(await tempDir(), 'recent-projects.json'));
    for (let i = 0; i < 12; i++) await recent.add(`/p/${i}.json`);
    await recent.add('/p/5.json');
    expect((await recent.list()).map((f) => f.path)).toEqual(['/p/5.json', '/p/11.json', '/p/10.json', '/p/9.json', '/p/8.json', '/p/7.json', '/p/6.json', '/p/4.json', '/p/3.json', '/p/2.json']);
  });
});
