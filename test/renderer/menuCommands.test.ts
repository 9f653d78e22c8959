import { afterEach, describe, expect, it, vi } from 'vitest';
import { OPEN_RECENT_PREFIX, recentPathOf } from '../../src/core/api/menuCommands';
import { loadDocument, serializeDocument } from '../../src/core/graph/load';
import { createAppCommands } from '../../src/renderer/app/commands';
import type { Platform } from '../../src/renderer/platform/platform';
import { documentStore } from '../../src/renderer/state/documentStore';
import cnn from '../../resources/templates/cnn.json';

describe('recentPathOf', () => {
  it.each([
    ['a POSIX path', `${OPEN_RECENT_PREFIX}/home/me/cnn.netcanvas.json`, '/home/me/cnn.netcanvas.json'],
    ['a Windows path (its colon kept)', `${OPEN_RECENT_PREFIX}C:\\Users\\me\\cnn.netcanvas.json`, 'C:\\Users\\me\\cnn.netcanvas.json'],
    ['a path with spaces', `${OPEN_RECENT_PREFIX}/home/me/my nets/a.json`, '/home/me/my nets/a.json'],
    ['File ▸ Open', 'file.open', null],
    ['a command that only contains the prefix', `x.${OPEN_RECENT_PREFIX}/a.json`, null],
  ])('%s', (_name, command, expected) => {
    expect(recentPathOf(command)).toBe(expected);
  });
});

describe('File ▸ Open Recent from the desktop menu', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks the platform for that file and opens it as Open does', async () => {
    vi.stubGlobal('requestAnimationFrame', () => 0);
    const text = serializeDocument(loadDocument({ ...cnn, name: 'Recent CNN' }));
    const openRecent = vi.fn(async (path: string) => ({ name: 'cnn.netcanvas.json', path, text }));
    const platform = { kind: 'electron', openRecent } as unknown as Platform;

    createAppCommands(platform).runFromMenu(`${OPEN_RECENT_PREFIX}/home/me/cnn.netcanvas.json`);
    await vi.waitFor(() => expect(documentStore.getState().doc.name).toBe('Recent CNN'));

    expect(openRecent).toHaveBeenCalledWith('/home/me/cnn.netcanvas.json');
    expect(documentStore.getState().file).toEqual({ name: 'cnn.netcanvas.json', path: '/home/me/cnn.netcanvas.json' });
  });
});
