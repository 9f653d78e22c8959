import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { serializeDocument } from '../../src/core/graph/load';
import { MNIST_DIR } from '../digits/support/mnist';
import { CALLBACK_CASES, callbackDoc, epochLines, expectCarried, type CallbackCase } from './callbackCases';

/**
 * `netcanvas export --format pytorch` carries the training settings the engine applies: for
 * each case (callbackCases.ts) the program, run briefly under python3 on MNIST, prints the
 * learning rate of every epoch that core's schedules compute, stops where core's EarlyStopper
 * stops (patience + 1 epochs when the metric cannot improve) and restores the epoch it names,
 * and prints the balanced class weights core computes for the labels it trains on. Under
 * torchrun with two ranks, early stopping on the validation loss (which only rank 0 computes)
 * ends both ranks together, with the same restored weights. Run it under the heavy lock:
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

const CASES = [...CALLBACK_CASES, DDP_CASE].map((c, i) => ({ ...c, file: `case${i}.py` }));

async function exportProgram(c: (typeof CASES)[number]): Promise<void> {
  const graph = c.file.replace(/\.py$/, '.json');
  writeFileSync(path.join(folder, graph), serializeDocument(callbackDoc(c)));
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

  it(`${DDP_CASE.name}: both ranks stop at the epoch core's EarlyStopper names and end with the same weights`, () => {
    const c = CASES[CASES.length - 1];
    const logs = path.join(folder, 'ddp-logs');
    // Debian's torch 1.13 on Python 3.11 cannot parse torchrun's default --redirects 0; 1 and --tee 1 work alike (see pytorch.test.ts).
    const run = spawnSync(PYTHON, ['-m', 'torch.distributed.run', '--standalone', '--nproc_per_node=2', '--redirects', '1', '--tee', '1', '--log_dir', logs, c.file, ...programOptions(c)], {
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
