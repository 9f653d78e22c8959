import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateTrainingProgram } from '../../src/core/codegen/trainingProgram';
import { CALLBACK_CASES, callbackDoc, expectCarried } from './callbackCases';
import { repoRoot } from './graphs';

/**
 * The exported TypeScript program carries the training settings the engine applies: for each
 * case (callbackCases.ts) the program type-checks under `tsc --strict` and, run briefly on
 * MNIST with tfjs, prints the learning rate of every epoch (read back from the optimizer) that
 * core's schedules compute, stops where core's EarlyStopper stops (patience + 1 epochs when
 * the metric cannot improve) and restores the epoch it names, and prints the balanced class
 * weights core computes for the labels it trains on.
 */
const run = promisify(execFile);
const folder = path.join(repoRoot, '.netcanvas-test/export-callback-programs');
const mnist = process.env.NETCANVAS_DATA ?? path.resolve(repoRoot, '../shared/datasets/mnist');
/** Images per split: 96 train and 32 validation, three steps of 32 per epoch. */
const LIMIT = 128;
const CASES = CALLBACK_CASES.map((c, i) => ({ ...c, file: `case${i}.ts` }));

beforeAll(() => {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const c of CASES) writeFileSync(path.join(folder, c.file), generateTrainingProgram(callbackDoc(c), { fileName: c.file }));
  const tsconfig = {
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022'], types: ['node'], strict: true, noEmit: true, skipLibCheck: true },
    include: ['*.ts'],
  };
  writeFileSync(path.join(folder, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
});

describe('the TypeScript program carries schedules, early stopping and class weights (core as the oracle)', () => {
  it('every case type-checks under tsc --strict', async () => {
    const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', path.join(folder, 'tsconfig.json')]).catch((e: { stdout: string }) => ({ stdout: e.stdout }));
    expect(result.stdout).toBe('');
  }, 120_000);

  it.each(CASES)('$name', async (c) => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', c.file, '--epochs', String(c.epochs), '--limit', String(LIMIT)], {
      cwd: folder,
      env: { ...process.env, MNIST_DIR: mnist },
      maxBuffer: 16 * 1024 * 1024,
    });
    expectCarried(c, stdout, 'typescript', LIMIT);
    expect(stdout).toMatch(/^Test accuracy: \d{1,3}\.\d%$/m);
  }, 120_000);
});
