import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/io';
import { mnistDir, repoRoot } from './fixtures';

let out: string;
beforeAll(async () => {
  out = await fs.mkdtemp(path.join(os.tmpdir(), 'netcanvas-cli-train-'));
});
afterAll(() => fs.rm(out, { recursive: true, force: true }));

async function cli(args: string[], isTTY = false) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY, cwd: repoRoot, env: { ...process.env, NETCANVAS_DATA: undefined } };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

describe('netcanvas train', () => {
  it('--json prints one object per epoch, then the test result, and --out writes the model and run.json', async () => {
    const { code, stdout, stderr } = await cli(['train', 'resources/templates/mlp.json', '--data', mnistDir, '--epochs', '2', '--limit', '600', '--test-limit', '300', '--json', '--out', out]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.event)).toEqual(['epoch', 'epoch', 'test']);
    for (const [i, l] of lines.slice(0, 2).entries()) {
      expect(Object.keys(l)).toEqual(['event', 'epoch', 'loss', 'accuracy', 'valLoss', 'valAccuracy', 'samplesPerSecond', 'seconds']);
      expect(l.epoch).toBe(i + 1);
      for (const k of ['loss', 'accuracy', 'valLoss', 'valAccuracy', 'samplesPerSecond', 'seconds']) expect(typeof l[k]).toBe('number');
      expect(l.accuracy).toBeGreaterThanOrEqual(0);
      expect(l.accuracy).toBeLessThanOrEqual(1);
    }
    expect(Object.keys(lines[2])).toEqual(['event', 'testLoss', 'testAccuracy', 'macroF1', 'topK']);
    expect(lines[2].testAccuracy).toBeGreaterThan(0.5);
    // Ten classes: the top-5 accuracy, which can only be at least the accuracy.
    expect(lines[2].topK.k).toBe(5);
    expect(lines[2].topK.accuracy).toBeGreaterThanOrEqual(lines[2].testAccuracy);
    expect((await fs.readdir(out)).sort()).toEqual(['model.json', 'run.json', 'weights.bin']);
    const run = JSON.parse(await fs.readFile(path.join(out, 'run.json'), 'utf8'));
    expect(run).toMatchObject({ status: 'completed', trainSamples: 540, test: { samples: 300, testAccuracy: lines[2].testAccuracy } });
  });

  it('prints an epoch line as Keras does and the test accuracy as the book does', async () => {
    const { code, stdout } = await cli(['train', 'resources/templates/mlp.json', '--data', mnistDir, '--epochs', '1', '--limit', '300', '--test-limit', '200', '--batch-size', '50']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Epoch 1\/1$/m);
    expect(stdout).toMatch(/^6\/6 \[={30}\] - \d+s \d+ms\/step - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4} - \d+ samples\/s$/m);
    expect(stdout).toMatch(/^Test accuracy: \d{1,3}\.\d%$/m);
  });

  it.each([
    { args: ['train', 'resources/templates/mlp.json', '--backend', 'cuda'], code: 2, message: /--backend must be one of tensorflow, webgpu, wasm, cpu, got 'cuda'/ },
    { args: ['train', 'resources/templates/mlp.json', '--epochs', '0'], code: 2, message: /--epochs must be at least 1/ },
    { args: ['train'], code: 1, message: /name a graph file/ },
    { args: ['train', 'no-such-file.json'], code: 1, message: /no-such-file\.json: no such file/ },
    { args: ['train', 'resources/templates/blank.json'], code: 1, message: /The graph is empty/ },
  ])('refuses $args.1 $args.2 $args.3 with a message that names the problem', async ({ args, code, message }) => {
    const result = await cli(args);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  });
});
