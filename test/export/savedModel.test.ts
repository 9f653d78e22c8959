import * as tf from '@tensorflow/tfjs';
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildModel, saveModelFiles } from '../../src/engine';
import { EXPORT_GRAPHS, repoRoot } from './graphs';

/**
 * A model the app saves (tfjs layers format: model.json + weights.bin) loads in a plain
 * tfjs script that knows nothing of NetCanvas, and predicts exactly what the engine's
 * model predicts.
 */
const run = promisify(execFile);
const folder = path.join(repoRoot, '.netcanvas-test/saved-models');

/** The whole of the outside script: read the two files, load, predict on a fixed batch, print. */
const PLAIN_SCRIPT = `import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const folder = process.argv[2];
const json = JSON.parse(readFileSync(path.join(folder, 'model.json'), 'utf8'));
const weights = readFileSync(path.join(folder, json.weightsManifest[0].paths[0]));
await tf.setBackend('cpu');
const model = await tf.loadLayersModel(tf.io.fromMemory({
  modelTopology: json.modelTopology,
  weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
  weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
}));
const shape = model.inputs[0].shape.slice(1);
const input = tf.linspace(0, 1, 3 * shape.reduce((a, d) => a * d, 1)).reshape([3, ...shape]);
console.log(JSON.stringify(model.predict(input).arraySync()));
`;

const CASES = EXPORT_GRAPHS;

describe('a saved model loads in a plain tfjs script', () => {
  it.each(CASES)('$name', async ({ doc }) => {
    const target = path.join(folder, doc().name.replace(/[^A-Za-z0-9]+/g, '-'));
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    writeFileSync(path.join(folder, 'predict.mjs'), PLAIN_SCRIPT);
    await tf.setBackend('cpu');
    const model = await buildModel(doc());
    await saveModelFiles(model, target);
    const shape = model.inputs[0].shape.slice(1) as number[];
    const input = tf.linspace(0, 1, 3 * shape.reduce((a, d) => a * d, 1)).reshape([3, ...shape]);
    const ours = (model.predict(input) as tf.Tensor).arraySync() as number[][];
    const { stdout } = await run(process.execPath, [path.join(folder, 'predict.mjs'), target], { cwd: folder, maxBuffer: 16 * 1024 * 1024 });
    const theirs = JSON.parse(stdout) as number[][];
    expect(theirs.length).toBe(3);
    theirs.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(ours[i][j], 5)));
    model.dispose();
  });
});
