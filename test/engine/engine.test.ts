import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newJobId } from '../../src/core/api/contract';
import { analyseGraph } from '../../src/core/graph/analyse';
import { createEngine, type Engine } from '../../src/engine';
import { activateBackend } from '../../src/engine/backends';
import { loadNativeAddon } from '../../src/engine/backends/native/addon';
import { loadDataset } from '../../src/engine/data';
import { loadModelFiles } from '../../src/engine/runs/modelFiles';
import { stack } from '../support/graphs';
import { only, runToEnd } from './jobs';
import { mnistDir, template, withTraining } from './fixtures';

let runsDir: string;
let engine: Engine;

beforeAll(async () => {
  runsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'netcanvas-engine-test-'));
  engine = createEngine({ runsDir, dataDir: mnistDir, env: { NETCANVAS_JOB_FAULT: 'exit:Crash on purpose' } });
});

afterAll(async () => {
  await engine.close();
  await fs.rm(runsDir, { recursive: true, force: true });
});

describe('the engine', () => {
  it('says which backends load, on what, and why the others do not', async () => {
    const info = await engine.engineInfo();
    expect(info.backends.map((b) => b.name)).toEqual(['tensorflow', 'webgpu', 'wasm', 'cpu']);
    const wasm = info.backends.find((b) => b.name === 'wasm')!;
    expect(wasm).toMatchObject({ available: true, device: expect.stringMatching(/WebAssembly/) });
    for (const b of info.backends.filter((x) => !x.available)) expect(b.reason!.length).toBeGreaterThan(10);
    expect(info.defaultBackend).toBe(info.backends.find((b) => b.available)!.name);
    expect(info.datasets.find((d) => d.name === 'mnist')).toMatchObject({ available: true, location: mnistDir });
  });

  it.each([
    ['mlp', 'fit', undefined],
    ['cnn', 'its default: fit with the native kernels, the two-core loop without', undefined],
    ['cnn', 'the two-core loop, NETCANVAS_PARALLEL=1', '1'],
  ] as const)('repeats a run exactly when given the same seed, and not otherwise: the %s template (%s)', async (name, _loop, parallel) => {
    const doc = withTraining(template(name), { validationSplit: 0.1 });
    const request = { document: doc, epochs: 1, batchSize: 32, limit: name === 'cnn' ? 640 : 1000, testLimit: 500 };
    const twoCores = parallel === '1' || (name === 'cnn' && !loadNativeAddon().ok);
    const before = process.env.NETCANVAS_PARALLEL;
    // The job's process inherits this process's environment.
    if (parallel) process.env.NETCANVAS_PARALLEL = parallel;
    const outcome = async (seed: number) => {
      const events = await runToEnd(engine, { ...request, seed });
      expect(only(events, 'error')).toEqual([]);
      const [started] = only(events, 'started');
      expect(started.device.includes('data-parallel'), started.device).toBe(twoCores);
      const [epoch] = only(events, 'epoch');
      const [test] = only(events, 'test');
      return [epoch.loss, epoch.valLoss, test.testLoss];
    };
    try {
      const first = await outcome(7);
      expect(await outcome(7)).toEqual(first);
      expect(await outcome(8)).not.toEqual(first);
    } finally {
      if (before === undefined) delete process.env.NETCANVAS_PARALLEL;
      else process.env.NETCANVAS_PARALLEL = before;
    }
  });

  it('trains the MLP template for 1 epoch on 6,000 samples to at least 90% on the 10,000 test images, in a job of its own', async () => {
    const doc = withTraining(template('mlp'), { validationSplit: 0 });
    const events = await runToEnd(engine, { document: doc, epochs: 1, batchSize: 16, limit: 6000, seed: 2026 });
    expect(only(events, 'error')).toEqual([]);
    const [started] = only(events, 'started');
    expect(started).toMatchObject({ epochs: 1, trainSamples: 6000, validationSamples: 0, stepsPerEpoch: 375 });
    expect(started.summary.totalParams).toBe(269_322);
    const batches = only(events, 'batch');
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.at(-1)).toMatchObject({ epoch: 1, batch: 375, step: 375, fraction: 1 });
    const [epoch] = only(events, 'epoch');
    expect(epoch).toMatchObject({ epoch: 1, valLoss: null, valAccuracy: null });
    expect(epoch.samplesPerSecond).toBeGreaterThan(0);
    const [test] = only(events, 'test');
    expect(test.samples).toBe(10_000);
    expect(test.testAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(test.confusion.flat().reduce((a, b) => a + b, 0)).toBe(10_000);
    const done = events.at(-1)!;
    expect(done).toMatchObject({ type: 'done', status: 'completed', runId: expect.any(String) });
    const runId = (done as { runId: string }).runId;

    const record = await engine.getRun(runId);
    expect(record).toMatchObject({ status: 'completed', backend: started.backend, trainSamples: 6000, totalParams: 269_322 });
    expect(record.history).toHaveLength(1);
    expect(record.test!.testAccuracy).toBe(test.testAccuracy);
    expect((await engine.listRuns()).map((r) => r.id)).toContain(runId);

    // A prediction through the engine equals the saved model's own, read back by tfjs.
    const mnist = await loadDataset('mnist', { dataDir: mnistDir, download: false });
    const pixels = Array.from(mnist.test.images.subarray(0, 784), (b) => b / 255);
    const prediction = await engine.predict({ runId, pixels, activations: true });
    await activateBackend('wasm');
    const model = await loadModelFiles(path.join(runsDir, runId));
    const expected = (model.predict(tf.tensor2d([pixels])) as tf.Tensor).dataSync();
    expect(prediction.probabilities.map((p) => p.toFixed(5))).toEqual(Array.from(expected, (p) => p.toFixed(5)));
    expect(prediction.predictedClass).toBe(mnist.test.labels[0]);
    const analysis = analyseGraph(doc);
    expect(prediction.activations!.map((a) => [a.nodeId, a.shape])).toEqual(doc.nodes.map((n) => [n.id, analysis.nodes.get(n.id)!.outputShape!.slice(1)]));

    await engine.deleteRun(runId);
    await expect(engine.getRun(runId)).rejects.toThrow(/no run/i);
  });

  it('stops a job mid-epoch: it ends cleanly with status stopped and its run is saved', async () => {
    let stopped = false;
    const events = await runToEnd(engine, { document: template('mlp'), epochs: 3, limit: 20_000, testLimit: 100 }, (e, jobId) => {
      if (e.type === 'batch' && !stopped) {
        stopped = true;
        void engine.stopTraining(jobId);
      }
    });
    const done = events.at(-1)!;
    expect(done).toMatchObject({ type: 'done', status: 'stopped' });
    expect(only(events, 'epoch')).toEqual([]);
    expect(only(events, 'test')).toEqual([]);
    const record = await engine.getRun((done as { runId: string }).runId);
    expect(record.status).toBe('stopped');
  });

  it('turns a crash in a job into an error event and keeps working', async () => {
    const crash = { ...template('mlp'), name: 'Crash on purpose' };
    const events = await runToEnd(engine, { document: crash, epochs: 1, limit: 500, testLimit: 100 });
    expect(events.at(-1)).toMatchObject({ type: 'error', message: expect.stringMatching(/ended unexpectedly \(exit code 70\)/) });
    const after = await runToEnd(engine, { document: template('mlp'), epochs: 1, limit: 300, testLimit: 100 });
    expect(after.at(-1)).toMatchObject({ type: 'done', status: 'completed' });
  });

  const REFUSED = [
    { name: 'an empty graph', doc: template('blank'), message: /cannot be trained yet \(1 problem\): The graph is empty/ },
    {
      name: 'an output that does not fit ten classes',
      doc: stack([['input', 'Input', { shape: [784] }], ['out', 'Dense', { units: 5, activation: 'softmax' }]]),
      message: /cannot be trained yet .*'out'/,
    },
    { name: 'a document that is not a graph', doc: { format: 'netcanvas-graph', version: 2, nodes: 'none' }, message: /cannot be trained: .*nodes/ },
  ];
  it.each(REFUSED)('refuses $name before any job starts, listing the problems', async ({ doc, message }) => {
    await expect(engine.startTraining({ jobId: newJobId(), document: doc as never })).rejects.toThrow(message);
  });

  it('reports a requested backend that does not load as the job’s error', async () => {
    const info = await engine.engineInfo();
    const missing = info.backends.find((b) => !b.available);
    if (!missing) return; // every backend loads on this machine
    const events = await runToEnd(engine, { document: template('mlp'), backend: missing.name, limit: 100, testLimit: 10, epochs: 1 });
    expect(events.at(-1)).toMatchObject({ type: 'error', message: expect.stringContaining(`The ${missing.name} backend is not available here`) });
  });
});
