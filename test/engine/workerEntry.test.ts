import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUNDLED_WORKER, trainingWorkerEntry } from '../../src/engine/jobs/workerEntry';

describe('where the training worker is', () => {
  it('runs the TypeScript source through tsx when the engine runs from source', () => {
    const entry = trainingWorkerEntry({}, pathToFileURL('/repo/src/engine/jobs/jobProcess.ts').href);
    expect(entry.file).toBe('/repo/src/engine/jobs/trainingWorker.ts');
    expect(entry.execArgv[0]).toBe('--import');
    expect(entry.execArgv[1]).toMatch(/^file:.*tsx.*loader\.mjs$/);
  });

  it.each([
    { name: 'beside the CLI bundle', bundle: 'out/cli/netcanvas.mjs', worker: `out/cli/${BUNDLED_WORKER}` },
    { name: 'from Electron’s main bundle', bundle: 'out/main/index.js', worker: `out/cli/${BUNDLED_WORKER}` },
  ])('finds the bundled worker $name', async ({ bundle, worker }) => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'netcanvas-worker-'));
    await fs.mkdir(path.dirname(path.join(root, worker)), { recursive: true });
    await fs.writeFile(path.join(root, worker), '');
    expect(trainingWorkerEntry({}, pathToFileURL(path.join(root, bundle)).href)).toEqual({ file: path.join(root, worker), execArgv: [] });
    await fs.rm(root, { recursive: true });
  });

  it('says what to do when the bundled worker is missing', () => {
    expect(() => trainingWorkerEntry({}, pathToFileURL('/nowhere/out/cli/netcanvas.mjs').href)).toThrow(/training worker is missing .*npm run build:node/);
  });

  it('takes NETCANVAS_TRAINING_WORKER first', () => {
    expect(trainingWorkerEntry({ NETCANVAS_TRAINING_WORKER: '/x/w.mjs' }, pathToFileURL('/repo/src/engine/jobs/jobProcess.ts').href)).toEqual({ file: '/x/w.mjs', execArgv: [] });
  });
});
