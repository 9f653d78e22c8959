import * as tf from '@tensorflow/tfjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseGraph } from '../../src/core/graph/analyse';
import { serializeDocument } from '../../src/core/graph/load';
import { runCli } from '../../src/cli/main';
import { pytorchWeightsFile } from '../../src/core/pytorch/program';
import { buildModel } from '../../src/engine/compile/compile';
import { layerWeights } from '../../src/engine/compile/weights';
import { largestDifference, randomiseWeights } from '../support/onnxOracle';
import { MNIST_DIR, readMnist } from '../digits/support/mnist';
import { stack } from '../support/graphs';
import { torchrunArgs } from '../support/torchrun';
import { EXPORT_GRAPHS as SHARED_GRAPHS } from './graphs';

/** The export graphs, and one whose 'same' padding is uneven (the odd pixel at the end, as Keras pads) in a convolution and both poolings. */
const EXPORT_GRAPHS = [
  ...SHARED_GRAPHS,
  {
    name: "uneven 'same' padding: Conv2D 3×2 strides 2×1, MaxPooling2D and AveragePooling2D 2×2 stride 1",
    doc: () =>
      stack([
        ['image', 'Input', { shape: [28, 28, 1] }],
        ['conv', 'Conv2D', { filters: 3, kernelSize: [3, 2], strides: [2, 1], padding: 'same', activation: 'tanh' }],
        ['max', 'MaxPooling2D', { poolSize: [2, 2], strides: [1, 1], padding: 'same' }],
        ['avg', 'AveragePooling2D', { poolSize: [2, 2], strides: [1, 1], padding: 'same' }],
        ['flat', 'Flatten'],
        ['out', 'Dense', { units: 10, activation: 'softmax' }],
      ]),
  },
];

/**
 * `netcanvas export --format pytorch`, checked against PyTorch itself (Debian's python3-torch):
 * the program's module has the graph's parameter counts, and with a tfjs model's weights
 * (`--weights`, biases and statistics randomised) predicts what tfjs predicts within 1e-4; one epoch on 512 MNIST images trains
 * (the loss falls) under `python3` and under `torchrun --nproc_per_node=2` on the CPU, and after
 * the distributed run both processes hold the same weights.
 */
const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const folder = mkdtempSync(path.join(tmpdir(), 'netcanvas-pytorch-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const fileOf = (i: number) => `graph${i}.py`;

beforeAll(async () => {
  for (const [i, g] of EXPORT_GRAPHS.entries()) {
    writeFileSync(path.join(folder, `graph${i}.json`), serializeDocument(g.doc()));
    let stderr = '';
    const code = await runCli(['export', `graph${i}.json`, '--format', 'pytorch', '-o', fileOf(i)], { stdout: () => {}, stderr: (t) => (stderr += t), isTTY: false, cwd: folder, env: {} });
    if (code !== 0) throw new Error(`export of ${g.name} failed: ${stderr}`);
  }
});

/** The program's options for a short run: one epoch on 512 images, batches of 32 so there are steps enough to see the loss fall. */
const SHORT_RUN = ['--epochs', '1', '--limit', '512', '--batch-size', '32', '--log-steps', '--checksum', '--data', MNIST_DIR];

function stepLosses(output: string): number[] {
  return [...output.matchAll(/Step \d+: loss (\d+\.\d+)/g)].map((m) => Number(m[1]));
}

/** What a short run must show: steps whose loss falls (the last three against the first three) and a test accuracy. */
function expectTrained(output: string): void {
  const losses = stepLosses(output);
  expect(losses.length).toBeGreaterThanOrEqual(6);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  expect(mean(losses.slice(-3))).toBeLessThan(mean(losses.slice(0, 3)));
  expect(output).toMatch(/^(\[default0\]:)?Test accuracy: \d{1,3}\.\d%$/m);
}

const named = (name: string) => EXPORT_GRAPHS.findIndex((g) => g.name === name);

describe.skipIf(!hasTorch)('netcanvas export --format pytorch (PyTorch as the oracle)', () => {
  it('every graph: the nn.Module PyTorch builds has the parameter counts NetCanvas computes', () => {
    // One Python process imports every program (importing runs nothing) and counts its Net's parameters.
    const script = [
      'import importlib.util, json, sys',
      'counts = []',
      'for i, file in enumerate(sys.argv[1:]):',
      "    spec = importlib.util.spec_from_file_location(f'program{i}', file)",
      '    module = importlib.util.module_from_spec(spec)',
      '    spec.loader.exec_module(module)',
      '    counts.append(module.count_parameters(module.Net()))',
      'print(json.dumps(counts))',
    ].join('\n');
    const files = EXPORT_GRAPHS.map((_, i) => path.join(folder, fileOf(i)));
    const counts = JSON.parse(execFileSync(PYTHON, ['-c', script, ...files], { encoding: 'utf8' })) as { trainable: number; nonTrainable: number }[];
    const expected = EXPORT_GRAPHS.map((g) => {
      const { trainable, nonTrainable } = analyseGraph(g.doc()).totals;
      return { name: g.name, trainable, nonTrainable };
    });
    expect(counts.map((c, i) => ({ name: EXPORT_GRAPHS[i].name, trainable: c.trainable, nonTrainable: c.nonTrainable }))).toEqual(expected);
  }, 60_000);

  it('every graph: with a tfjs model\'s weights, Net predicts what tfjs predicts on MNIST test digits (within 1e-4)', async () => {
    await tf.setBackend('cpu');
    const digits = readMnist('test', 4);
    const cases: { name: string; program: string; weights: string; inputs: string; shape: number[]; want: Float32Array }[] = [];
    for (const [i, g] of EXPORT_GRAPHS.entries()) {
      const doc = g.doc();
      const model = await buildModel(doc);
      randomiseWeights(model, 11 + i);
      writeFileSync(path.join(folder, `weights${i}.safetensors`), pytorchWeightsFile(doc, layerWeights(model)));
      const shape = [4, ...(model.inputs[0].shape.slice(1) as number[])];
      const inputs = Float32Array.from(digits.images, (v) => v / 255);
      const predicted = model.predict(tf.tensor(inputs, shape)) as tf.Tensor;
      cases.push({ name: g.name, program: path.join(folder, fileOf(i)), weights: path.join(folder, `weights${i}.safetensors`), inputs: path.join(folder, `inputs${i}.f32`), shape, want: (await predicted.data()) as Float32Array });
      writeFileSync(cases[i].inputs, Buffer.from(inputs.buffer));
      tf.dispose(predicted);
      model.dispose();
    }
    // The program's own load_weights reads each file into its Net; the Net runs in inference mode.
    const script = [
      'import importlib.util, json, sys, torch',
      'out = []',
      'for i, (program, weights, inputs, shape) in enumerate(json.loads(sys.argv[1])):',
      "    spec = importlib.util.spec_from_file_location(f'program{i}', program)",
      '    module = importlib.util.module_from_spec(spec)',
      '    spec.loader.exec_module(module)',
      '    net = module.Net()',
      '    module.load_weights(net, weights)',
      '    net.eval()',
      "    x = torch.frombuffer(bytearray(open(inputs, 'rb').read()), dtype=torch.float32).reshape(shape)",
      '    with torch.no_grad():',
      '        out.append(net(x).flatten().tolist())',
      'print(json.dumps(out))',
    ].join('\n');
    const got = JSON.parse(execFileSync(PYTHON, ['-c', script, JSON.stringify(cases.map((c) => [c.program, c.weights, c.inputs, c.shape]))], { encoding: 'utf8' })) as number[][];
    expect(cases.map((c, i) => ({ name: c.name, within: largestDifference(got[i], c.want) <= 1e-4 }))).toEqual(cases.map((c) => ({ name: c.name, within: true })));
  }, 90_000);

  it.each(['MLP template', 'CNN template', 'RNN template', 'residual Add with batch normalization (RMSprop)'])(
    '%s: one epoch under python3 trains, prints the test accuracy and saves the weights',
    (name) => {
      const i = named(name);
      const save = `single${i}.pt`;
      const run = spawnSync(PYTHON, [fileOf(i), ...SHORT_RUN, '--save', save], { cwd: folder, encoding: 'utf8', timeout: 60_000 });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expectTrained(run.stdout);
      expect(existsSync(path.join(folder, save))).toBe(true);
    },
    60_000,
  );

  it.each(['MLP template', 'residual Add with batch normalization (RMSprop)'])(
    '%s: under torchrun --nproc_per_node=2 (gloo on the CPU) it trains and both ranks end with the same weights',
    async (name) => {
      const i = named(name);
      const run = spawnSync(PYTHON, [...(await torchrunArgs(2, path.join(folder, `logs${i}`))), fileOf(i), ...SHORT_RUN, '--save', `ddp${i}.pt`], { cwd: folder, encoding: 'utf8', timeout: 90_000 });
      // On a failure, what each rank wrote (torchrun keeps it under --log_dir, not on stderr).
      expect(run.status, `${run.stderr}\n${run.status === 0 ? '' : rankLogs(path.join(folder, `logs${i}`))}`).toBe(0);
      expect(run.stdout).toMatch(/2 processes on cpu, 16 samples each per step/);
      expectTrained(run.stdout);
      const checksums = new Map([...run.stdout.matchAll(/Rank (\d) parameter checksum: ([0-9a-f]{64})/g)].map((m) => [m[1], m[2]]));
      expect([...checksums.keys()].sort()).toEqual(['0', '1']);
      expect(checksums.get('1')).toBe(checksums.get('0'));
      expect(existsSync(path.join(folder, `ddp${i}.pt`))).toBe(true);
    },
    90_000,
  );
});

/** Every file under a torchrun log folder, each headed by its path: a failed run's ranks' own words. */
function rankLogs(dir: string): string {
  if (!existsSync(dir)) return `(no ${dir})`;
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => `--- ${file}\n${readFileSync(file, 'utf8').slice(-4000)}`)
    .join('\n');
}
