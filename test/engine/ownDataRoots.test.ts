import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newJobId } from '../../src/core/api/contract';
import { createEngine, type Engine } from '../../src/engine';
import { template } from './fixtures';

/**
 * The browser host lets a page train on own data only inside its data folders
 * (`ownDataRoots`): each case is a request the engine must refuse before any job starts,
 * with the reason it gives.
 */
let dir: string;
let engines: Engine[] = [];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nc-roots-'));
  await fs.mkdir(path.join(dir, 'allowed'));
  await fs.writeFile(path.join(dir, 'secret.csv'), 'a,y\n1,p\n2,q\n');
  // A link inside the allowed folder that leads out of it.
  await fs.symlink(path.join(dir, 'secret.csv'), path.join(dir, 'allowed', 'link.csv'));
});

afterAll(async () => {
  for (const e of engines) await e.close();
  engines = [];
  await fs.rm(dir, { recursive: true, force: true });
});

const CASES = [
  { name: 'a file outside the data folder', roots: () => [path.join(dir, 'allowed')], file: () => path.join(dir, 'secret.csv'), says: /lies outside the folders this host reads data from/ },
  { name: 'a link in the data folder that leads out', roots: () => [path.join(dir, 'allowed')], file: () => path.join(dir, 'allowed', 'link.csv'), says: /lies outside the folders/ },
  { name: 'a path with .. that climbs out', roots: () => [path.join(dir, 'allowed')], file: () => path.join(dir, 'allowed', '..', 'secret.csv'), says: /lies outside the folders/ },
  { name: 'any own data when the host has no data folder', roots: () => [], file: () => path.join(dir, 'secret.csv'), says: /reads no own data: start it with --data DIR/ },
  { name: 'a file that does not exist', roots: () => [path.join(dir, 'allowed')], file: () => path.join(dir, 'allowed', 'none.csv'), says: /none\.csv: no such file or folder/ },
];

describe('own data on a host is limited to its data folders', () => {
  it.each(CASES)('refuses $name', async ({ roots, file, says }) => {
    const runsDir = path.join(dir, `runs-${engines.length}`);
    const engine = createEngine({ runsDir, ownDataRoots: roots() });
    engines.push(engine);
    await expect(engine.startTraining({ jobId: newJobId(), document: template('mlp'), data: { path: file() } })).rejects.toThrow(says);
    expect(await engine.listRuns()).toEqual([]);
  });
});

describe('starting weights on a host are limited to its data folders, as own data is', () => {
  const WEIGHTS = [
    { name: 'a folder outside the data folders', roots: () => [path.join(dir, 'allowed')], folder: () => dir, says: /lies outside the folders this host reads data from/ },
    { name: 'any starting weights when the host has no data folder', roots: () => [], folder: () => path.join(dir, 'allowed'), says: /reads no starting weights: start it with --data DIR/ },
    { name: 'a folder that does not exist', roots: () => [path.join(dir, 'allowed')], folder: () => path.join(dir, 'allowed', 'none'), says: /none: no such file or folder/ },
  ];
  it.each(WEIGHTS)('refuses $name', async ({ roots, folder, says }) => {
    const engine = createEngine({ runsDir: path.join(dir, `runs-w-${engines.length}`), ownDataRoots: roots() });
    engines.push(engine);
    await expect(engine.startTraining({ jobId: newJobId(), document: template('mlp'), initialWeights: { path: folder() } })).rejects.toThrow(says);
    expect(await engine.listRuns()).toEqual([]);
  });
  it('refuses, without data folders (the CLI, the desktop app), a path that is not a folder', async () => {
    const engine = createEngine({ runsDir: path.join(dir, 'runs-w-cli') });
    engines.push(engine);
    await expect(engine.startTraining({ jobId: newJobId(), document: template('mlp'), initialWeights: { path: path.join(dir, 'secret.csv') } })).rejects.toThrow(/secret\.csv: no such folder \(the starting weights are a saved model's folder/);
  });
});
