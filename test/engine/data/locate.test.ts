import { mkdir, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateDataset } from '../../../src/engine/data';
import { defaultCacheDir } from '../../../src/node/userDataDir';
import { MNIST_DIR, MNIST_FILES, tempFolder } from './support';

/** Puts links to the real MNIST files into `folder` (made as needed). */
async function mnistAt(folder: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  for (const name of MNIST_FILES) await symlink(path.join(MNIST_DIR, `${name}.gz`), path.join(folder, `${name}.gz`));
  return folder;
}

type Place = 'option' | 'optionParent' | 'env' | 'cache';

/**
 * The search order: the data folder option, NETCANVAS_DATA, then the cache. Each case
 * puts MNIST in some of these places and says which one is used.
 */
const ORDER: { name: string; places: Place[]; expected: Place | null }[] = [
  { name: 'the option beats everything', places: ['option', 'env', 'cache'], expected: 'option' },
  { name: 'the option may name a parent holding mnist/', places: ['optionParent', 'cache'], expected: 'optionParent' },
  { name: 'NETCANVAS_DATA beats the cache', places: ['env', 'cache'], expected: 'env' },
  { name: 'the cache when nothing is pointed at', places: ['cache'], expected: 'cache' },
  { name: 'nowhere', places: [], expected: null },
];

describe('where a dataset is found', () => {
  it.each(ORDER)('$name', async ({ places, expected }) => {
    const root = await tempFolder();
    const folders: Record<Place, string> = {
      option: path.join(root, 'chosen'),
      optionParent: path.join(root, 'parent', 'mnist'),
      env: path.join(root, 'from-env'),
      cache: path.join(root, 'cache', 'datasets', 'mnist'),
    };
    for (const place of places) await mnistAt(folders[place]);
    const dataDir = places.includes('optionParent') ? path.join(root, 'parent') : folders.option;
    const found = await locateDataset('mnist', { dataDir, cacheDir: path.join(root, 'cache'), env: { NETCANVAS_DATA: folders.env } });
    if (expected) {
      expect(found).toEqual({ available: true, location: folders[expected] });
    } else {
      expect(found.available).toBe(false);
      expect(found.reason).toBe(
        `MNIST was not found: ${dataDir} (data folder) does not exist; ${folders.env} (NETCANVAS_DATA) does not exist; ` +
          `${folders.cache} (cache) does not exist; it will be downloaded into ${folders.cache} when first used`,
      );
    }
  });

  it('passes over a folder that holds only some of the files, saying which are missing', async () => {
    const root = await tempFolder();
    const partial = await mnistAt(path.join(root, 'partial'));
    await rm(path.join(partial, 'train-labels-idx1-ubyte.gz'));
    await rm(path.join(partial, 't10k-images-idx3-ubyte.gz'));
    const cache = await mnistAt(path.join(root, 'cache', 'datasets', 'mnist'));
    const found = await locateDataset('mnist', { dataDir: partial, cacheDir: path.join(root, 'cache'), env: {} });
    expect(found).toEqual({ available: true, location: cache });
    const missing = await locateDataset('mnist', { dataDir: partial, cacheDir: path.join(root, 'elsewhere'), env: {}, download: false });
    expect(missing.reason).toContain(`${partial} (data folder) missing train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz];`);
    expect(missing.reason).toMatch(/downloading is off$/);
  });

  it('does not take MNIST for Fashion-MNIST: the files share names, not content', async () => {
    const root = await tempFolder();
    const found = await locateDataset('fashion-mnist', { cacheDir: root, env: { NETCANVAS_DATA: MNIST_DIR }, systemFolders: [], download: false });
    expect(found.available).toBe(false);
    expect(found.reason).toContain(`${MNIST_DIR} (NETCANVAS_DATA) holds MNIST, not Fashion-MNIST`);
  });

  it('says what a data folder that is a file is', async () => {
    const root = await tempFolder();
    const file = path.join(MNIST_DIR, 'README.md');
    const found = await locateDataset('mnist', { dataDir: file, cacheDir: root, env: {}, download: false });
    expect(found.reason).toContain(`${file} (data folder) is not a folder`);
  });

  it('uses the per-user cache when no cache folder is given', async () => {
    const home = await tempFolder();
    const env = { HOME: home, XDG_CACHE_HOME: undefined };
    const cache = await mnistAt(path.join(defaultCacheDir(env), 'datasets', 'mnist'));
    expect(cache).toBe(path.join(home, process.platform === 'darwin' ? 'Library/Caches/NetCanvas' : '.cache/netcanvas', 'datasets', 'mnist'));
    expect(await locateDataset('mnist', { env })).toEqual({ available: true, location: cache });
  });
});

/** The per-user cache folder on each platform, from the variables each one uses. */
const CACHE_DIRS: { platform: NodeJS.Platform; env: Record<string, string>; expected: string }[] = [
  { platform: 'linux', env: { HOME: '/home/ada' }, expected: '/home/ada/.cache/netcanvas' },
  { platform: 'linux', env: { HOME: '/home/ada', XDG_CACHE_HOME: '/var/cache/ada' }, expected: '/var/cache/ada/netcanvas' },
  { platform: 'linux', env: { HOME: '/home/ada', XDG_CACHE_HOME: 'relative/cache' }, expected: '/home/ada/.cache/netcanvas' },
  { platform: 'freebsd', env: { HOME: '/usr/home/ada' }, expected: '/usr/home/ada/.cache/netcanvas' },
  { platform: 'darwin', env: { HOME: '/Users/ada', XDG_CACHE_HOME: '/tmp/x' }, expected: '/Users/ada/Library/Caches/NetCanvas' },
  { platform: 'win32', env: { LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, expected: 'C:\\Users\\ada\\AppData\\Local\\NetCanvas\\Cache' },
  { platform: 'win32', env: { USERPROFILE: 'D:\\ada' }, expected: 'D:\\ada\\AppData\\Local\\NetCanvas\\Cache' },
];

describe('defaultCacheDir', () => {
  it.each(CACHE_DIRS)('$platform with $env', ({ platform, env, expected }) => {
    expect(defaultCacheDir(env, platform)).toBe(expected);
  });
});
