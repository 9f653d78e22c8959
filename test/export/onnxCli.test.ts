import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preprocessDigit } from '../../src/core/digits/preprocess';
import { serializeDocument } from '../../src/core/graph/load';
import { decodeModel } from '../../src/core/onnx/proto';
import { runCli } from '../../src/cli/main';
import { buildModel } from '../../src/engine/compile/compile';
import { saveModelFiles } from '../../src/engine/runs/modelFiles';
import { readMnist } from '../digits/support/mnist';
import { encodePng } from '../digits/support/pngEncode';
import { checkOnnxFiles, largestDifference, randomiseWeights, runOnnx } from '../support/onnxOracle';
import { template } from './graphs';

/**
 * `netcanvas export --format onnx`, run in-process in a scratch folder: with a run's
 * weights (a folder or a run id) the file ONNX Runtime runs gives what `netcanvas predict`
 * gives for the same picture; without one it holds freshly initialised weights.
 */
const folder = mkdtempSync(path.join(tmpdir(), 'netcanvas-onnx-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function netcanvas(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd: folder, env: {} });
  return { code, stdout, stderr };
}

const metadataOf = (file: string) => new Map((decodeModel(readFileSync(path.join(folder, file))).metadata_props as { key: string; value: string }[]).map((p) => [p.key, p.value]));

beforeAll(async () => {
  await tf.setBackend('cpu');
  for (const name of ['mlp', 'cnn']) {
    writeFileSync(path.join(folder, `${name}.json`), serializeDocument(template(name)));
    // A stand-in for `train --out`: the template's model with its biases set apart from zero, saved as the engine saves runs.
    const model = await buildModel(template(name));
    randomiseWeights(model, 3);
    await saveModelFiles(model, path.join(folder, `${name}-run`));
    model.dispose();
  }
  mkdirSync(path.join(folder, 'runs'));
  await saveModelFiles(await buildModel(template('mlp')), path.join(folder, 'runs', 'run-20260101-000000-abcdef'));
  // An MNIST test digit, four times larger, dark on light, as a person might save it.
  const digit = readMnist('test', 1).images;
  const size = 112;
  const samples = Uint8Array.from({ length: size * size }, (_, i) => 255 - digit[Math.floor(Math.floor(i / size) / 4) * 28 + Math.floor((i % size) / 4)]);
  writeFileSync(path.join(folder, 'digit.png'), encodePng({ width: size, height: size, colourType: 0, samples, filter: () => 0 }));
});

describe('netcanvas export --format onnx', () => {
  it.each(['mlp', 'cnn'])('%s: ONNX Runtime gives the ten probabilities `netcanvas predict` gives for the same picture', async (name) => {
    const exported = await netcanvas('export', `${name}.json`, '--format', 'onnx', '--run', `${name}-run`, '-o', `${name}.onnx`);
    expect(exported).toMatchObject({ code: 0, stdout: '' });
    const predicted = await netcanvas('predict', `${name}-run`, 'digit.png', '--json');
    expect(predicted.code).toBe(0);
    const probabilities = JSON.parse(predicted.stdout).probabilities as number[];
    const png = readFileSync(path.join(folder, 'digit.png'));
    const { decodeImage } = await import('../../src/engine/image/decode');
    const image = await decodeImage(png);
    const shape = template(name).nodes[0].config.shape as number[];
    const got = await runOnnx(readFileSync(path.join(folder, `${name}.onnx`)), { input: { data: preprocessDigit(image.rgba, image.width, image.height), dims: [1, ...shape] } });
    expect(largestDifference(got.data, probabilities)).toBeLessThanOrEqual(1e-4);
    expect(metadataOf(`${name}.onnx`).get('netcanvas.weights')).toBe(`trained: run ${name}-run`);
  });

  it('takes a run id from the runs folder, and writes fresh weights without --run', async () => {
    expect((await netcanvas('export', 'mlp.json', '--format', 'onnx', '--run', 'run-20260101-000000-abcdef', '--runs', 'runs', '-o', 'by-id.onnx')).code).toBe(0);
    expect(metadataOf('by-id.onnx').get('netcanvas.weights')).toBe('trained: run run-20260101-000000-abcdef');
    expect((await netcanvas('export', 'mlp.json', '--format=onnx', '-o', 'fresh.onnx')).code).toBe(0);
    expect(metadataOf('fresh.onnx').get('netcanvas.weights')).toMatch(/^freshly initialised/);
    // Untrained but whole: the softmax output of each digit sums to one.
    const digits = readMnist('test', 2);
    const out = await runOnnx(readFileSync(path.join(folder, 'fresh.onnx')), { input: { data: Float32Array.from(digits.images, (b) => b / 255), dims: [2, 784] } });
    expect(out.dims).toEqual([2, 10]);
    for (const row of [out.data.slice(0, 10), out.data.slice(10)]) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    checkOnnxFiles(['mlp.onnx', 'cnn.onnx', 'by-id.onnx', 'fresh.onnx'].map((f) => path.join(folder, f)));
    expect(readdirSync(folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    { args: ['mlp.json', '--format', 'onnx'], code: 2, message: '--format onnx writes a binary file: name it with -o' },
    { args: ['mlp.json', '--run', 'mlp-run', '-o', 'x.ts'], code: 2, message: '--run and --runs are for --format onnx, not ts' },
    { args: ['mlp.json', '--format', 'onnx', '--runs', 'runs', '-o', 'x.onnx'], code: 2, message: '--runs needs --run' },
    { args: ['mlp.json', '--format', 'onnx', '--run', 'nothing-here', '--runs', 'runs', '-o', 'x.onnx'], code: 1, message: "nothing-here: no such folder, and no run 'nothing-here' in" },
    { args: ['mlp.json', '--format', 'onnx', '--run', '../etc', '--runs', 'runs', '-o', 'x.onnx'], code: 1, message: "'../etc' is not a run id" },
    { args: ['mlp.json', '--format', 'onnx', '--run', 'runs', '-o', 'x.onnx'], code: 1, message: 'runs has no model.json' },
    { args: ['mlp.json', '--format', 'onnx', '--run', 'cnn-run', '-o', 'x.onnx'], code: 1, message: "the run cnn-run has no layer 'dense_1' with weights: it was trained from another graph" },
    { args: ['cnn.json', '--format', 'onnx', '--run', 'mlp-run', '-o', 'x.onnx'], code: 1, message: "the run mlp-run has no layer 'conv2d_1' with weights" },
  ])('refuses $args with a message naming the problem', async ({ args, code, message }) => {
    const result = await netcanvas('export', ...args);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(code);
  });
});
