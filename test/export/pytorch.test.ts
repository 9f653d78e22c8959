import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseGraph } from '../../src/core/graph/analyse';
import { serializeDocument } from '../../src/core/graph/load';
import { runCli } from '../../src/cli/main';
import { MNIST_DIR } from '../digits/support/mnist';
import { EXPORT_GRAPHS } from './graphs';

/**
 * `netcanvas export --format pytorch`, checked against PyTorch itself (Debian's python3-torch):
 * the program's module has the graph's parameter counts; one epoch on 512 MNIST images trains
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
    (name) => {
      const i = named(name);
      // Debian's torch 1.13 on Python 3.11 cannot parse torchrun's default --redirects 0 (an IntFlag change); 1 and --tee 1 work alike.
      const run = spawnSync(
        PYTHON,
        ['-m', 'torch.distributed.run', '--standalone', '--nproc_per_node=2', '--redirects', '1', '--tee', '1', '--log_dir', path.join(folder, `logs${i}`), fileOf(i), ...SHORT_RUN, '--save', `ddp${i}.pt`],
        { cwd: folder, encoding: 'utf8', timeout: 90_000 },
      );
      expect(run.status, run.stderr).toBe(0);
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
