import * as tf from '@tensorflow/tfjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { serializeDocument } from '../../src/core/graph/load';
import { pytorchWeightsFile } from '../../src/core/pytorch/program';
import { buildModel } from '../../src/engine/compile/compile';
import { layerWeights } from '../../src/engine/compile/weights';
import { MNIST_DIR, readMnist } from '../digits/support/mnist';
import { randomiseWeights } from '../support/onnxOracle';
import { torchrunArgs } from '../support/torchrun';
import { CALLBACK_CASES, callbackDoc, epochLines, expectCarried, type CallbackCase } from './callbackCases';

/**
 * `netcanvas export --format pytorch` carries the training settings the engine applies: for
 * each case (callbackCases.ts) the program, run briefly under python3 on MNIST, prints the
 * learning rate of every epoch that core's schedules compute, stops where core's EarlyStopper
 * stops (patience + 1 epochs when the metric cannot improve) and restores the epoch it names,
 * and prints the balanced class weights core computes for the labels it trains on. Under
 * torchrun with two ranks, early stopping on the validation loss (which only rank 0 computes)
 * ends both ranks together, with the same restored weights. The program's weighted loss is
 * tfjs's: with the same weights and samples, its loss_function with class weights equals the
 * loss tfjs's fit logs with that classWeight. Run it under the heavy lock:
 * `flock /tmp/heavy.lock npx vitest run test/export/pytorchCallbacks.test.ts`.
 */
const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const folder = mkdtempSync(path.join(tmpdir(), 'netcanvas-pytorch-callbacks-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
/** Training images: 96 train and 32 validation, three steps of 32 per epoch. */
const LIMIT = 128;

const DDP_CASE: CallbackCase = {
  name: 'torchrun, two ranks: early stopping on valAccuracy (patience 1), step schedule, balanced class weights',
  optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0 },
  schedule: { type: 'step', decaySteps: 1, decayRate: 0.5 },
  // Only rank 0 evaluates the validation set: a rank deciding from anything but rank 0's accuracy would stop at another epoch.
  earlyStopping: { monitor: 'valAccuracy', patience: 1, minDelta: 0, restoreBestWeights: true },
  classWeight: 'balanced',
  epochs: 8,
};

/** Weights for the loss oracle: unequal, one of them 0. */
const LIST_WEIGHTS = [0.5, 1, 2, 0, 1.5, 1, 3, 0.25, 1, 2];
const LOSS_CASES: CallbackCase[] = (['categoricalCrossentropy', 'meanSquaredError'] as const).map((loss) => ({
  name: `class weights ${JSON.stringify(LIST_WEIGHTS)} in ${loss}`,
  optimizer: { type: 'sgd', learningRate: 0.01, momentum: 0 },
  classWeight: LIST_WEIGHTS,
  epochs: 1,
  loss,
}));

const CASES = [...CALLBACK_CASES, DDP_CASE, ...LOSS_CASES].map((c, i) => ({ ...c, file: `case${i}.py` }));

const docOf = (c: CallbackCase & { loss?: 'categoricalCrossentropy' | 'meanSquaredError' }) => {
  const doc = callbackDoc(c);
  return c.loss ? { ...doc, training: { ...doc.training, loss: c.loss } } : doc;
};

async function exportProgram(c: (typeof CASES)[number]): Promise<void> {
  const graph = c.file.replace(/\.py$/, '.json');
  writeFileSync(path.join(folder, graph), serializeDocument(docOf(c)));
  let stderr = '';
  const code = await runCli(['export', graph, '--format', 'pytorch', '-o', c.file], { stdout: () => {}, stderr: (t) => (stderr += t), isTTY: false, cwd: folder, env: {} });
  if (code !== 0) throw new Error(`export of ${c.name} failed: ${stderr}`);
}

beforeAll(async () => {
  for (const c of CASES) await exportProgram(c);
});

const programOptions = (c: CallbackCase) => ['--epochs', String(c.epochs), '--limit', String(LIMIT), '--data', MNIST_DIR, '--save', '', '--checksum'];

describe.skipIf(!hasTorch)('the PyTorch program carries schedules, early stopping and class weights (core as the oracle)', () => {
  it.each(CASES.slice(0, CALLBACK_CASES.length))('$name', (c) => {
    const run = spawnSync(PYTHON, [c.file, ...programOptions(c)], { cwd: folder, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expectCarried(c, run.stdout, 'python', LIMIT);
    expect(run.stdout).toMatch(/^Test accuracy: \d{1,3}\.\d%$/m);
  }, 60_000);

  it.each(CASES.slice(CALLBACK_CASES.length + 1))('$name: the weighted loss equals the loss tfjs\'s fit logs with that classWeight', async (c) => {
    await tf.setBackend('cpu');
    const doc = docOf(c);
    const model = await buildModel(doc);
    randomiseWeights(model, 5);
    const weightsFile = path.join(folder, c.file.replace(/\.py$/, '.safetensors'));
    writeFileSync(weightsFile, pytorchWeightsFile(doc, layerWeights(model)));
    const digits = readMnist('train', 64);
    const pixels = Float32Array.from(digits.images, (v) => v / 255);
    const x = tf.tensor2d(pixels, [digits.count, 784]);
    const y = tf.oneHot(tf.tensor1d(Int32Array.from(digits.labels), 'int32'), 10).toFloat();
    // One batch of every sample: the logged loss is the weighted loss at the weights before the step.
    model.compile({ optimizer: tf.train.sgd(0), loss: doc.training.loss });
    const history = await model.fit(x, y, { batchSize: digits.count, epochs: 1, shuffle: false, verbose: 0, classWeight: Object.fromEntries(LIST_WEIGHTS.map((w, k) => [k, w])) });
    const want = history.history.loss[0] as number;
    const inputs = path.join(folder, c.file.replace(/\.py$/, '.f32'));
    writeFileSync(inputs, Buffer.from(pixels.buffer));
    const script = [
      'import importlib.util, json, sys, torch',
      'import torch.nn.functional as F',
      "spec = importlib.util.spec_from_file_location('program', sys.argv[1])",
      'program = importlib.util.module_from_spec(spec)',
      'spec.loader.exec_module(program)',
      'net = program.Net()',
      'program.load_weights(net, sys.argv[2])',
      "x = torch.frombuffer(bytearray(open(sys.argv[3], 'rb').read()), dtype=torch.float32).reshape(-1, 784)",
      'y = F.one_hot(torch.tensor(json.loads(sys.argv[4])), 10).to(torch.float32)',
      'with torch.no_grad():',
      '    print(program.loss_function(net(x), y, torch.tensor(program.CLASS_WEIGHTS)).item())',
    ].join('\n');
    const got = Number(execFileSync(PYTHON, ['-c', script, path.join(folder, c.file), weightsFile, inputs, JSON.stringify([...digits.labels])], { encoding: 'utf8' }));
    expect(Math.abs(got - want)).toBeLessThan(1e-5 * Math.abs(want));
    tf.dispose([x, y]);
    model.dispose();
  }, 60_000);

  it(`${DDP_CASE.name}: both ranks stop at the epoch core's EarlyStopper names and end with the same weights`, async () => {
    const c = CASES[CASES.length - 1];
    const logs = path.join(folder, 'ddp-logs');
    const run = spawnSync(PYTHON, [...(await torchrunArgs(2, logs)), c.file, ...programOptions(c)], {
      cwd: folder,
      encoding: 'utf8',
      // A rank left waiting on the other would hang: the timeout turns that into a failure.
      timeout: 120_000,
    });
    expect(run.status, `${run.stderr}\n${run.signal ?? ''}`).toBe(0);
    expect(run.stdout).toMatch(/2 processes on cpu, 16 samples each per step/);
    expectCarried(c, run.stdout, 'python', LIMIT);
    // It does stop early (a case that ran every epoch would not test the stop).
    expect(epochLines(run.stdout, 'python').length).toBeLessThan(DDP_CASE.epochs);
    const checksums = new Map([...run.stdout.matchAll(/Rank (\d) parameter checksum: ([0-9a-f]{64})/g)].map((m) => [m[1], m[2]]));
    expect([...checksums.keys()].sort()).toEqual(['0', '1']);
    expect(checksums.get('1')).toBe(checksums.get('0'));
    expect(readFileSync(path.join(folder, c.file), 'utf8')).toContain('from_rank_zero(');
  }, 150_000);
});
