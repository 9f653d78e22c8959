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

  /** The part of the Platform these commands use: opening a recent file, and asking before unsaved work is dropped. */
  function platformFor(name: string, answer: boolean) {
    const text = serializeDocument(loadDocument({ ...cnn, name }));
    const openRecent = vi.fn(async (path: string) => ({ name: 'cnn.netcanvas.json', path, text }));
    const confirm = vi.fn(async (_message: string) => answer);
    return { openRecent, confirm, platform: { kind: 'electron', openRecent, confirm } as unknown as Platform };
  }

  it('asks the platform for that file and opens it as Open does', async () => {
    vi.stubGlobal('requestAnimationFrame', () => 0);
    documentStore.getState().open(loadDocument({ ...cnn, name: 'Saved' }), null);
    const { openRecent, confirm, platform } = platformFor('Recent CNN', false);

    createAppCommands(platform).runFromMenu(`${OPEN_RECENT_PREFIX}/home/me/cnn.netcanvas.json`);
    await vi.waitFor(() => expect(documentStore.getState().doc.name).toBe('Recent CNN'));

    expect(openRecent).toHaveBeenCalledWith('/home/me/cnn.netcanvas.json');
    // Nothing unsaved, so nothing to ask.
    expect(confirm).not.toHaveBeenCalled();
    expect(documentStore.getState().file).toEqual({ name: 'cnn.netcanvas.json', path: '/home/me/cnn.netcanvas.json' });
  });

  it.each([
    { answer: false, opened: false, what: 'keeps the unsaved project when the person says no' },
    { answer: true, opened: true, what: 'opens the file when the person agrees to discard' },
  ])('$what', async ({ answer, opened }) => {
    vi.stubGlobal('requestAnimationFrame', () => 0);
    documentStore.getState().open(loadDocument({ ...cnn, name: 'Unsaved work' }), null, true);
    const { openRecent, confirm, platform } = platformFor('Recent CNN', answer);

    createAppCommands(platform).runFromMenu(`${OPEN_RECENT_PREFIX}/home/me/cnn.netcanvas.json`);
    await vi.waitFor(() => expect(confirm).toHaveBeenCalledWith('The project has unsaved changes. Discard them?'));
    if (opened) await vi.waitFor(() => expect(documentStore.getState().doc.name).toBe('Recent CNN'));
    else await new Promise((r) => setTimeout(r, 20));

    expect(documentStore.getState().doc.name).toBe(opened ? 'Recent CNN' : 'Unsaved work');
    expect(openRecent).toHaveBeenCalledTimes(opened ? 1 : 0);
  });
});
