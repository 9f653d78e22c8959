import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateModelModule } from '../../src/core/codegen/modelModule';
import { generateTrainingProgram } from '../../src/core/codegen/trainingProgram';
import { analyseGraph } from '../../src/core/graph/analyse';
import { EXPORT_GRAPHS, repoRoot } from './graphs';

/**
 * The exported training programs, run for real: every graph's program and model module
 * type-check under `tsc --strict`, each program trains one epoch on a few MNIST images
 * and prints its test accuracy, and the model tfjs builds from the program's code has
 * the layers, output shapes and parameter counts NetCanvas's analysis shows.
 */
const run = promisify(execFile);
const folder = path.join(repoRoot, '.netcanvas-test/export-programs');
const mnist = process.env.NETCANVAS_DATA ?? path.resolve(repoRoot, '../shared/datasets/mnist');
/** Images per split: tfjs's CPU backend takes seconds per image for the CNN, and this checks the program, not the network. */
const LIMIT = 16;

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
const CASES = EXPORT_GRAPHS.map((c) => ({ ...c, file: `${slug(c.name)}.ts` }));

interface ProgramSummary {
  inputShapes: (number | null)[][];
  layers: { name: string; className: string; outputShape: (number | null)[]; params: number }[];
}

beforeAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const c of CASES) {
    writeFileSync(path.join(folder, c.file), generateTrainingProgram(c.doc(), { fileName: c.file }));
    writeFileSync(path.join(folder, c.file.replace(/\.ts$/, '.model.ts')), generateModelModule(c.doc()));
  }
  const tsconfig = {
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022'], types: ['node'], strict: true, noEmit: true, skipLibCheck: true },
    include: ['*.ts'],
  };
  writeFileSync(path.join(folder, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
});

describe('exported TypeScript', () => {
  it('type-checks under tsc --strict', async () => {
    const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', path.join(folder, 'tsconfig.json')]).catch((e: { stdout: string }) => ({ stdout: e.stdout, failed: true }));
    expect(result.stdout).toBe('');
  });

  it.each(CASES)('$name: trains one epoch and builds the graph NetCanvas shows', async ({ doc, file }) => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', file, '--epochs', '1', '--limit', String(LIMIT), '--summary-json'], {
      cwd: folder,
      env: { ...process.env, MNIST_DIR: mnist },
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout).toMatch(new RegExp(`MNIST digits: ${LIMIT} training and ${LIMIT} test images`));
    expect(stdout).toMatch(/^Epoch 1\/1: .*loss \d+\.\d{4}/m);
    const document = doc();
    expect(stdout).toMatch(document.training.metrics.length > 0 ? /^Test accuracy: \d{1,3}\.\d%$/m : /^Test loss: \d+\.\d{4}$/m);

    const summary = JSON.parse(stdout.split('\n').find((line) => line.startsWith('{"inputShapes"'))!) as ProgramSummary;
    const analysis = analyseGraph(document);
    const inputs = document.nodes.filter((n) => n.kind === 'Input');
    expect(summary.inputShapes).toEqual(inputs.map((n) => analysis.nodes.get(n.id)!.outputShape));
    const expected = document.nodes
      .map((n) => {
        const a = analysis.nodes.get(n.id)!;
        return { name: n.id, className: n.kind === 'Input' ? 'InputLayer' : n.kind, outputShape: a.outputShape, params: a.params!.trainable + a.params!.nonTrainable };
      })
      // tf.sequential keeps its input inside, as Keras's Sequential does; the functional API lists it.
      .filter((row) => row.className !== 'InputLayer' || summary.layers.some((l) => l.className === 'InputLayer'));
    const byName = (rows: { name: string }[]) => [...rows].sort((a, b) => a.name.localeCompare(b.name));
    expect(byName(summary.layers)).toEqual(byName(expected));
  }, 240_000);
});
