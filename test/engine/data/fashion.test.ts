import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelCounts, loadDataset, locateDataset } from '../../../src/engine/data';
import { tempFolder } from './support';

/** Where Debian's dataset-fashion-mnist package puts the files; these tests run where it is installed. */
const DEBIAN_FOLDER = '/usr/share/datasets/fashion-mnist';

describe.runIf(existsSync(DEBIAN_FOLDER))("Fashion-MNIST from Debian's package", () => {
  it('is found there with nothing pointed at', async () => {
    const cacheDir = await tempFolder();
    expect(await locateDataset('fashion-mnist', { cacheDir, env: {}, download: false })).toEqual({ available: true, location: DEBIAN_FOLDER });
  });

  it('passes every check and has its published balance: 6,000 training and 1,000 test images of each class', async () => {
    const cacheDir = await tempFolder();
    const ds = await loadDataset('fashion-mnist', { cacheDir: path.join(cacheDir, 'none'), env: {}, download: false });
    expect([ds.location, ds.train.count, ds.test.count]).toEqual([DEBIAN_FOLDER, 60_000, 10_000]);
    expect(labelCounts(ds.train.labels, 10)).toEqual(new Array(10).fill(6_000));
    expect(labelCounts(ds.test.labels, 10)).toEqual(new Array(10).fill(1_000));
  });
});
