import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/api/contract';
import type { GraphDocument } from '../../src/core/graph/document';
import { decodeModel } from '../../src/core/onnx/proto';
import { buildModel } from '../../src/engine/compile/compile';
import { createEngine, type Engine } from '../../src/engine/engine';
import { RunStore } from '../../src/engine/runs/runStore';
import { largestDifference, randomiseWeights, runOnnx } from '../support/onnxOracle';
import { template } from './fixtures';

/**
 * The API's `exportModel` (the app's Export panel: ONNX): the engine writes the graph with a
 * saved run's weights, and ONNX Runtime, reading the bytes the call answers, predicts what
 * the run's tfjs model predicts; without a run the file holds fresh weights; every refusal
 * names what is wrong.
 */
let dir: string;
let engine: Engine;
const runs: Record<string, { id: string; model: tf.LayersModel }> = {};

function record(id: string, doc: GraphDocument, model: tf.LayersModel): RunRecord {
  return {
    id,
    createdAt: '2026-12-04T12:00:00.000Z',
    name: `${doc.name} #1`,
    document: doc,
    training: doc.training,
    backend: 'cpu',
    device: 'CPU',
    trainSamples: 10,
    seconds: 1,
    status: 'completed',
    history: [],
    test: null,
    totalParams: model.countParams(),
  };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'netcanvas-export-model-'));
  const store = new RunStore(dir);
  for (const name of ['mlp', 'cnn'] as const) {
    // A stand-in for a trained run: the template's model with every weight moved off its initial value.
    const model = await buildModel(template(name));
    randomiseWeights(model, 5);
    const id = `run-20261204-120000-${name}00`;
    await store.save(model, record(id, template(name), model));
    runs[name] = { id, model };
  }
  engine = createEngine({ runsDir: dir });
});
afterAll(async () => {
  await engine?.close();
  for (const { model } of Object.values(runs)) model.dispose();
  await fs.rm(dir, { recursive: true, force: true });
});

const bytesOf = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));
const metadataOf = (bytes: Uint8Array) => new Map((decodeModel(bytes).metadata_props as { key: string; value: string }[]).map((p) => [p.key, p.value]));

describe('exportModel', () => {
  it.each(['mlp', 'cnn'] as const)('%s with a run: ONNX Runtime predicts what the run predicts, within 1e-4', async (name) => {
    const doc = template(name);
    const answer = await engine.exportModel({ document: doc, format: 'onnx', runId: runs[name].id });
    const bytes = bytesOf(answer.base64);
    expect(answer.bytes).toBe(bytes.length);
    const shape = doc.nodes[0].config.shape as number[];
    const x = tf.randomUniform([3, ...shape], 0, 1, 'float32', 11);
    const expected = Array.from((runs[name].model.predict(x) as tf.Tensor).dataSync());
    const got = await runOnnx(bytes, { input: { data: x.dataSync() as Float32Array, dims: [3, ...shape] } });
    x.dispose();
    expect(got.data.length).toBe(expected.length);
    expect(largestDifference(got.data, expected)).toBeLessThanOrEqual(1e-4);
    expect(metadataOf(bytes).get('netcanvas.weights')).toBe(`trained: run ${doc.name} #1 (${runs[name].id})`);
    // The answer's metadata is the file's own.
    expect(new Map(answer.metadata.map((m) => [m.key, m.value]))).toEqual(metadataOf(bytes));
  });

  it('without a run: fresh weights, a model ONNX Runtime runs (ten probabilities summing to 1), said so in its metadata', async () => {
    const answer = await engine.exportModel({ document: template('cnn'), format: 'onnx' });
    const bytes = bytesOf(answer.base64);
    const got = await runOnnx(bytes, { input: { data: new Float32Array(28 * 28).fill(0.5), dims: [1, 28, 28, 1] } });
    expect(got.data.length).toBe(10);
    expect(Array.from(got.data).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(metadataOf(bytes).get('netcanvas.weights')).toMatch(/^freshly initialised/);
  });

  it.each([
    { name: 'a run id that names no run', request: () => ({ document: template('mlp'), format: 'onnx' as const, runId: 'run-20990101-000000-nothere' }), message: /There is no run 'run-20990101-000000-nothere'/ },
    { name: 'a run trained from another graph (the MLP run for the CNN)', request: () => ({ document: template('cnn'), format: 'onnx' as const, runId: runs.mlp.id }), message: /trained from another graph/ },
    { name: 'a document the loader refuses', request: () => ({ document: { ...template('mlp'), nodes: 'none' } as unknown as GraphDocument, format: 'onnx' as const }), message: /^The graph cannot be exported: .*nodes/ },
  ])('refuses $name, saying what is wrong', async ({ request, message }) => {
    await expect(engine.exportModel(request())).rejects.toThrow(message);
  });
});
