import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { DIGIT_NAMES, MNIST, writeMnistFolder } from '../support/mnistFolder';
import { cli } from '../support/cli';

/**
 * Own data through the command line, as a user would go: `new --data` writes a starter
 * network, `train` trains it on the data the graph refers to, `predict` reads new rows. The
 * oracle is the data itself: the held-out test split's labels (accuracy, R²) and the table's
 * own target column for the rows predicted.
 */
const TABLES = '../shared/datasets/tables';
const tmp = () => mkdtempSync(join(tmpdir(), 'nc-own-'));
const haveTables = existsSync(join(TABLES, 'iris.csv'));

/** The JSON events `train --json` printed. */
function events(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const TABLE_CASES = [
  { file: 'iris.csv', metric: 'testAccuracy', atLeast: 0.9, says: 'the iris starter reaches 90% test accuracy' },
  { file: 'wine.csv', metric: 'testAccuracy', atLeast: 0.95, says: 'the wine starter reaches 95% (its features span five orders of magnitude: standardising matters)' },
  { file: 'diabetes.csv', metric: 'r2', atLeast: 0.35, says: 'the diabetes starter reaches R² 0.35 (the target is scaled for training, scored in its own units)' },
];

describe.skipIf(!haveTables)('own tables: new --data, train, predict', () => {
  it.each(TABLE_CASES)('$file: $says', async ({ file, metric, atLeast }) => {
    const dir = tmp();
    const graph = join(dir, 'starter.netcanvas.json');
    const made = await cli(['new', '--data', join(TABLES, file), '-o', graph]);
    expect(made.code, made.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(graph, 'utf8'));
    expect(doc.dataset.file.path).toMatch(new RegExp(`${file.replace('.', '\\.')}$`));
    const out = join(dir, 'run');
    const trained = await cli(['train', graph, '--seed', '1', '--json', '--out', out]);
    expect(trained.code, trained.stderr).toBe(0);
    const test = events(trained.stdout).find((e) => e.event === 'test')!;
    expect(test[metric] as number).toBeGreaterThanOrEqual(atLeast);
    if (metric === 'r2') {
      expect(test).not.toHaveProperty('testAccuracy');
      expect(test.mae as number).toBeGreaterThan(0);
    }
    expect(existsSync(join(out, 'run.json'))).toBe(true);
  }, 180_000);

  it('predict reads rows of a CSV through the saved plan: one prediction per row, agreeing with the table’s own labels', async () => {
    const dir = tmp();
    const graph = join(dir, 'iris.netcanvas.json');
    expect((await cli(['new', '--data', join(TABLES, 'iris.csv'), '-o', graph])).code).toBe(0);
    const out = join(dir, 'run');
    expect((await cli(['train', graph, '--seed', '1', '--out', out])).code).toBe(0);
    // Every row of the file, its columns shuffled and the target left out: the plan finds columns by name.
    const table = Papa.parse<Record<string, string>>(readFileSync(join(TABLES, 'iris.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    const columns = Object.keys(table[0]).filter((c) => c !== 'species').reverse();
    const rows = join(dir, 'rows.csv');
    writeFileSync(rows, Papa.unparse(table.map((r) => Object.fromEntries(columns.map((c) => [c, r[c]]))), { columns }));
    const predicted = await cli(['predict', out, rows, '--json']);
    expect(predicted.code, predicted.stderr).toBe(0);
    const lines = events(predicted.stdout);
    expect(lines).toHaveLength(table.length);
    const agree = lines.filter((l, i) => l.class === table[i].species).length;
    expect(agree / table.length).toBeGreaterThanOrEqual(0.9);
    for (const l of lines) {
      const p = Object.values(l.probabilities as Record<string, number>);
      expect(p).toHaveLength(3);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
    // A row file without one of the model's columns is refused, naming it.
    writeFileSync(join(dir, 'short.csv'), 'sepal_length,sepal_width\n5.1,3.5\n');
    const short = await cli(['predict', out, join(dir, 'short.csv')]);
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/short\.csv.*has no column/);
  }, 180_000);
});

/** Bad own data: each refused with exit 1, a message naming the file (and row or column), and no graph file written. */
const BAD = [
  { name: 'ragged rows', file: 'ragged.csv', text: 'a,b,c\n1,2,x\n3,4\n', message: /ragged\.csv.*row 3/ },
  { name: 'text in a numeric column', file: 'text.csv', text: 'a,b,y\n1,2,p\n2,3,q\n3,x,p\n4,5,q\n5,6,p\n6,7,q\n7,8,p\n8,9,q\n9,1,p\n10,2,q\n11,3,p\n12,4,q\n', options: ['--target', 'y'], message: /text\.csv, row 4, column 'b': 'x' is not a number/ },
  { name: 'an empty file', file: 'empty.csv', text: '', message: /empty\.csv/ },
  { name: 'a header only', file: 'header.csv', text: 'a,b,y\n', message: /header\.csv/ },
  { name: 'a target with one class', file: 'one.csv', text: 'a,y\n1,k\n2,k\n3,k\n', message: /one\.csv.*one class/ },
  { name: 'a target column that does not exist', file: 'cols.csv', text: 'a,b\n1,2\n3,4\n', options: ['--target', 'nope'], message: /cols\.csv.*no column 'nope'/ },
] as const;

describe('own data that cannot train is refused before anything is written', () => {
  it.each(BAD)('$name', async (c) => {
    const dir = tmp();
    const file = join(dir, c.file);
    writeFileSync(file, c.text);
    const graph = join(dir, 'out.netcanvas.json');
    const made = await cli(['new', '--data', file, ...('options' in c ? c.options : []), '-o', graph]);
    expect(made.code).toBe(1);
    expect(made.stderr).toMatch(c.message);
    expect(existsSync(graph)).toBe(false);
  });

  it('an .npz whose arrays disagree in length is refused naming the entry', async () => {
    const dir = tmp();
    const file = join(dir, 'bad.npz');
    const { execFileSync } = await import('node:child_process');
    execFileSync('/usr/bin/python3', ['-c', `import numpy as np; np.savez('${file}', x_train=np.zeros((5, 3), 'float32'), y_train=np.zeros(4, 'int64'))`]);
    const graph = join(dir, 'out.netcanvas.json');
    const made = await cli(['new', '--data', file, '-o', graph]);
    expect(made.code).toBe(1);
    expect(made.stderr).toMatch(/bad\.npz: y_train: holds 4 labels but x_train holds 5 samples/);
    expect(existsSync(graph)).toBe(false);
  });
});

const haveMnist = existsSync(join(MNIST, 'train-images-idx3-ubyte.gz'));

describe.skipIf(!haveMnist)('an image folder of 10,000 MNIST PNGs', () => {
  it('new --data makes a small CNN; train reaches 95% on the folder’s test/ pictures', async () => {
    const dir = tmp();
    const folder = join(dir, 'digits');
    // 900 training and 100 test pictures per class, in folders named after the class.
    const names = DIGIT_NAMES;
    await writeMnistFolder(folder, { train: 900, test: 100 });

    const graph = join(dir, 'digits.netcanvas.json');
    const made = await cli(['new', '--data', folder, '-o', graph]);
    expect(made.code, made.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(graph, 'utf8'));
    expect(doc.nodes.map((n: { kind: string }) => n.kind)).toContain('Conv2D');
    expect(doc.dataset.file.description.classNames).toEqual([...names].sort());
    const trained = await cli(['train', graph, '--seed', '1', '--json', '--out', join(dir, 'run')]);
    expect(trained.code, trained.stderr).toBe(0);
    const result = events(trained.stdout).find((e) => e.event === 'test')!;
    expect(result.testAccuracy as number).toBeGreaterThanOrEqual(0.95);
    // A picture of the test set, predicted by name.
    const predicted = await cli(['predict', join(dir, 'run'), join(folder, 'test', 'seven', readdirFirst(join(folder, 'test', 'seven')))]);
    expect(predicted.code, predicted.stderr).toBe(0);
    expect(predicted.stdout).toMatch(/: \w+ \(/);
  }, 600_000);
});

function readdirFirst(folder: string): string {
  return readdirSync(folder).sort()[0];
}
