import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateBackend } from '../../src/engine/backends';
import { loadModelFiles, MODEL_FILE, ModelFilesError, saveModelFiles, WEIGHTS_FILE } from '../../src/engine/runs/modelFiles';
import { encodePng } from '../digits/support/pngEncode';
import { cli } from '../support/cli';

/**
 * Run folders no loader may trust: a model.json beside another model's weights (what a
 * killed `train --out` into a reused folder left), manifests that name one file thousands of
 * times or declare absurd sizes, and weights that are special files.
 */
let dir: string;
let small: string;
let large: string;

function mlp(hidden: number): tf.LayersModel {
  return tf.sequential({ layers: [tf.layers.dense({ units: hidden, inputShape: [784], activation: 'relu' }), tf.layers.dense({ units: 10, activation: 'softmax' })] });
}

beforeAll(async () => {
  await activateBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'nc-hostile-runs-'));
  small = join(dir, 'small');
  large = join(dir, 'large');
  await saveModelFiles(mlp(16), small);
  await saveModelFiles(mlp(20), large);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the small model's folder: its model.json changed by `change`, then the folder by `after`. */
function variant(name: string, change: (folder: string, manifest: any) => void, after: (folder: string) => void = () => {}): string {
  const folder = join(dir, name);
  cpSync(small, folder, { recursive: true });
  const model = JSON.parse(readFileSync(join(folder, MODEL_FILE), 'utf8'));
  change(folder, model);
  writeFileSync(join(folder, MODEL_FILE), JSON.stringify(model));
  after(folder);
  return folder;
}

const CASES: { name: string; folder: () => string; says: RegExp }[] = [
  {
    name: "a 16-unit model.json beside a 20-unit model's weights.bin",
    folder: () => variant('mixed', (f) => cpSync(join(large, WEIGHTS_FILE), join(f, WEIGHTS_FILE))),
    says: /declares 50920 bytes of weights but its weights files hold 63640: the weights are not this model's/,
  },
  {
    name: 'a weights.bin cut short',
    folder: () => variant('short', (f) => writeFileSync(join(f, WEIGHTS_FILE), readFileSync(join(f, WEIGHTS_FILE)).subarray(0, 1000))),
    says: /declares 50920 bytes of weights but its weights files hold 1000/,
  },
  {
    name: 'a manifest naming weights.bin 3,000 times',
    folder: () => variant('repeated', (_f, m) => (m.weightsManifest[0].paths = Array.from({ length: 3000 }, () => WEIGHTS_FILE))),
    says: /names the weights file weights\.bin more than once/,
  },
  {
    name: 'a weight declaring 10^18 values',
    folder: () => variant('absurd', (_f, m) => (m.weightsManifest[0].weights[0].shape = [1e9, 1e9])),
    says: /weight '.*' declares more than 1 GiB of weights/,
  },
  {
    name: 'a weight with a negative dimension',
    folder: () => variant('negative', (_f, m) => (m.weightsManifest[0].weights[0].shape = [-784, 16])),
    says: /weight '.*' has no valid shape/,
  },
  {
    name: 'a weight with an unknown dtype',
    folder: () => variant('dtype', (_f, m) => (m.weightsManifest[0].weights[0].dtype = 'float128')),
    says: /has an unknown dtype "float128"/,
  },
  {
    name: 'a weights manifest entry that is not an object',
    folder: () => variant('entry', (_f, m) => (m.weightsManifest[0].weights[0] = 'valueOf')),
    says: /a weights manifest entry is not an object/,
  },
  {
    name: 'a weights path outside the folder',
    folder: () => variant('outside', (_f, m) => (m.weightsManifest[0].paths = ['../large/weights.bin'])),
    says: /names a weights file outside its folder/,
  },
  {
    name: 'weights.bin a FIFO (a plain read hangs)',
    folder: () => variant('fifo', (f) => { unlinkSync(join(f, WEIGHTS_FILE)); execFileSync('mkfifo', [join(f, WEIGHTS_FILE)]); }),
    says: /weights\.bin: not a regular file/,
  },
  {
    name: 'weights.bin a link to /dev/zero',
    folder: () => variant('zero', (f) => { unlinkSync(join(f, WEIGHTS_FILE)); symlinkSync('/dev/zero', join(f, WEIGHTS_FILE)); }),
    says: /weights\.bin: not a regular file/,
  },
  {
    name: 'model.json a FIFO',
    folder: () => variant('fifo-json', () => {}, (f) => { unlinkSync(join(f, MODEL_FILE)); execFileSync('mkfifo', [join(f, MODEL_FILE)]); }),
    says: /model\.json is a FIFO/,
  },
  {
    name: "a model.json without weights (its manifest empty) beside another model's weights.bin (found by the run-folder fuzzer: it loaded)",
    folder: () => variant('unnamed', (_f, m) => ((m.modelTopology.config.layers = []), (m.weightsManifest = []))),
    says: /model\.json does not name the weights\.bin beside it: the weights are not this model's/,
  },
  // What tfjs itself refuses in the topology: before, its own errors (and a TypeError) came out, not ModelFilesError (found by the run-folder fuzzer).
  {
    name: 'an unknown activation in the topology',
    folder: () => variant('activation', (_f, m) => (m.modelTopology.config.layers[0].config.activation = 'sparkle')),
    says: /model\.json: the model does not load \(Unknown activation: sparkle/,
  },
  {
    name: 'a layers list that is an object',
    folder: () => variant('layers', (_f, m) => (m.modelTopology.config.layers = {})),
    says: /model\.json: the model does not load \(Object is not iterable/,
  },
  {
    name: 'an initializer mode tfjs does not know',
    folder: () => variant('fan', (_f, m) => (m.modelTopology.config.layers[0].config.kernel_initializer.config.mode = '../weights.bin')),
    says: /the model does not load \(\.\.\/weights\.bin is not a valid FanMode/,
  },
  {
    name: 'a manifest weight whose name no layer has',
    folder: () => variant('name', (_f, m) => (m.weightsManifest[0].weights[0].name = 'nowhere/kernel')),
    says: /the model does not load \(Provided weight data has no target variable: nowhere\/kernel/,
  },
];

describe('the model loader checks a run folder before it reads the weights', () => {
  it.each(CASES)('refuses $name', async ({ folder, says }) => {
    const where = folder();
    const error = await loadModelFiles(where).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFilesError);
    expect((error as Error).message).toMatch(says);
  }, 10_000);

  it('still loads a whole folder, with the weights it saved', async () => {
    const model = await loadModelFiles(small);
    expect(model.countParams()).toBe(784 * 16 + 16 + 16 * 10 + 10);
    model.dispose();
  });
});

describe('predict refuses a model whose outputs are not numbers', () => {
  const cases: { name: string; value: number }[] = [
    { name: 'all-NaN weights', value: NaN },
    { name: 'infinite weights', value: Infinity },
  ];
  it.each(cases)('$name: exit 1 with a message, not "Predicted digit: 0 (NaN%)"', async ({ value }) => {
    const folder = variant(`poisoned-${value}`, () => {}, (f) => writeFileSync(join(f, WEIGHTS_FILE), Buffer.from(new Float32Array(50920 / 4).fill(value).buffer)));
    const picture = join(dir, 'digit.png');
    writeFileSync(picture, encodePng({ width: 28, height: 28, colourType: 0, samples: new Uint8Array(784).fill(200) }));
    const { code, stdout, stderr } = await cli(['predict', folder, picture]);
    expect(stdout).not.toContain('Predicted digit');
    expect(stderr).toMatch(/outputs are not numbers .*weights are damaged or its training diverged/);
    expect(code).toBe(1);
  }, 30_000);
});
