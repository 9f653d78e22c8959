import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli';

const PYTHON = '/usr/bin/python3';
const TABLES = '../shared/datasets/tables';
const tmp = () => mkdtempSync(join(tmpdir(), 'nc-data-'));

/** Column statistics computed by Python's csv and numpy, not by NetCanvas. */
function pythonStats(file: string): { rows: number; columns: string[]; numeric: Record<string, { min: number; max: number; mean: number; median: number; missing: number }>; classes: Record<string, number> } {
  const script = `
import csv, json, sys, numpy as np
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
head, body = rows[0], rows[1:]
out = {'rows': len(body), 'columns': head, 'numeric': {}, 'classes': {}}
for j, name in enumerate(head):
    cells = [r[j] for r in body]
    try:
        v = np.array([float(c) for c in cells if c != ''])
    except ValueError:
        if j == len(head) - 1:
            for c in cells: out['classes'][c] = out['classes'].get(c, 0) + 1
        continue
    out['numeric'][name] = {'min': float(v.min()), 'max': float(v.max()), 'mean': float(v.mean()), 'median': float(np.median(v)), 'missing': sum(1 for c in cells if c == '')}
print(json.dumps(out))`;
  return JSON.parse(execFileSync(PYTHON, ['-c', script, file], { encoding: 'utf8' }));
}

const FILES = [
  { file: 'iris.csv', task: 'multiclass', inputShape: [4] },
  { file: 'wine.csv', task: 'multiclass', inputShape: [13] },
  // `sex` is written 1/2, so it reads as a number (the README calls it a category; --types is not a CLI flag yet).
  { file: 'diabetes.csv', task: 'regression', inputShape: [10] },
];

describe('netcanvas data on the shared tables, against Python csv+numpy', () => {
  it.each(FILES)('$file: samples, columns, task, input shape, classes and numeric stats agree', async ({ file, task, inputShape }) => {
    const path = join(TABLES, file);
    const oracle = pythonStats(path);
    const { code, stdout, stderr } = await cli(['data', path, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { kind, inspection } = JSON.parse(stdout);
    expect(kind).toBe('table');
    expect(inspection.usedRows).toBe(oracle.rows);
    expect(inspection.columns.map((c: any) => c.name)).toEqual(oracle.columns);
    expect(inspection.target.task).toBe(task);
    expect(inspection.description.inputShape).toEqual(inputShape);
    expect(Object.fromEntries(inspection.target.classes.map((c: any) => [c.name, c.count]))).toEqual(oracle.classes);
    for (const column of inspection.columns) {
      if (column.type !== 'number') continue;
      const expected = oracle.numeric[column.name];
      expect(expected, column.name).toBeDefined();
      expect(column.min).toBeCloseTo(expected.min, 9);
      expect(column.max).toBeCloseTo(expected.max, 9);
      expect(column.mean).toBeCloseTo(expected.mean, 9);
      expect(column.median).toBeCloseTo(expected.median, 9);
      expect(column.missing).toBe(expected.missing);
    }
  });

  it('--target picks another column: sepal_length_cm makes regression on three numbers and species one-hot (3 + 3 inputs)', async () => {
    const { code, stdout } = await cli(['data', join(TABLES, 'iris.csv'), '--target', 'sepal_length_cm', '--json']);
    expect(code).toBe(0);
    const { inspection } = JSON.parse(stdout);
    expect([inspection.target.column, inspection.target.task, inspection.description.inputShape]).toEqual(['sepal_length_cm', 'regression', [6]]);
    expect(inspection.columns.find((c: any) => c.name === 'species')).toMatchObject({ type: 'category', role: 'feature', distinct: 3 });
  });

  it('without a PATH it is a usage error (exit 2)', async () => {
    const { code, stderr } = await cli(['data', '--json']);
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: netcanvas data PATH');
  });

  it('prints a readable summary without --json', async () => {
    const { code, stdout } = await cli(['data', join(TABLES, 'iris.csv')]);
    expect(code).toBe(0);
    expect(stdout).toContain('150 samples');
    expect(stdout).toContain('setosa 50');
    expect(stdout).toMatch(/Split \(seed \d+\): train \d+, validation \d+, test \d+/);
  });
});

const SMALL = [
  ['x', 'label name', 'y'],
  ['1.5', 'a, b', 'yes'],
  ['2', 'c', 'no'],
  ['-3.25', 'a, b', 'yes'],
  ['4', 'd', 'no'],
  ['5', 'c', 'yes'],
  ['6', 'd', 'no'],
];
const quote = (c: string) => `"${c.replace(/"/g, '""')}"`;
const write = (rows: string[][], sep: string, eol = '\n', cell = (c: string) => (c.includes(sep) ? quote(c) : c)) => rows.map((r) => r.map(cell).join(sep)).join(eol) + eol;

const DIALECTS = [
  { dialect: 'comma', text: write(SMALL, ','), header: true },
  { dialect: 'semicolon', text: write(SMALL, ';'), header: true },
  { dialect: 'tab', text: write(SMALL, '\t'), header: true },
  { dialect: 'CRLF line ends', text: write(SMALL, ',', '\r\n'), header: true },
  { dialect: 'a UTF-8 BOM', text: `\uFEFF${write(SMALL, ',')}`, header: true },
  { dialect: 'every field quoted', text: write(SMALL, ',', '\n', quote), header: true },
  { dialect: 'no header row', text: write(SMALL.slice(1), ','), header: false },
];

describe('netcanvas data reads one table in every dialect alike', () => {
  it.each(DIALECTS)('$dialect gives the same columns, types and values', async ({ text, header }) => {
    const dir = tmp();
    writeFileSync(join(dir, 't.csv'), text);
    const { code, stdout, stderr } = await cli(['data', join(dir, 't.csv'), '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { inspection } = JSON.parse(stdout);
    expect(inspection.hasHeader).toBe(header);
    expect(inspection.usedRows).toBe(6);
    if (header) expect(inspection.columns.map((c: any) => c.name)).toEqual(SMALL[0]);
    expect(inspection.columns.map((c: any) => c.type)).toEqual(['number', 'category', 'boolean']);
    const [x, label] = inspection.columns;
    expect([x.min, x.max, x.mean, x.distinct]).toEqual([-3.25, 6, (1.5 + 2 - 3.25 + 4 + 5 + 6) / 6, 6]);
    expect(label.top).toEqual([{ value: 'a, b', count: 2 }, { value: 'c', count: 2 }, { value: 'd', count: 2 }]);
  });
});

describe('the table split', () => {
  it.each([{ seed: 1 }, { seed: 7 }])('iris is stratified and repeatable with seed $seed', async ({ seed }) => {
    const { loadOwnData } = await import('../../src/engine/data/own');
    const load = () => loadOwnData(join(TABLES, 'iris.csv'), { seed });
    const [a, b] = [await load(), await load()];
    if (a.kind !== 'table' || b.kind !== 'table') throw new Error('iris is a table');
    expect(a.table.split).toEqual(b.table.split);
    const { rows, split } = a.table;
    const target = rows[0].length - 1;
    for (const part of ['train', 'validation', 'test'] as const) {
      const indices = split[part];
      for (const cls of ['setosa', 'versicolor', 'virginica']) {
        const count = Array.from(indices).filter((i) => rows[i][target] === cls).length;
        // 50 of 150 per class: a third of the part, within one sample.
        expect(Math.abs(count - indices.length / 3), `${part} ${cls}`).toBeLessThanOrEqual(1);
      }
    }
  });
});

function savez(file: string, code: string) {
  execFileSync(PYTHON, ['-c', `import numpy as np; r = np.random.default_rng(0); ${code}`, file]);
}

describe('netcanvas data on .npz arrays written by numpy', () => {
  it.each([
    { labels: 'integer', y: 'yt = r.integers(0, 3, 40); yt[:3] = [0, 1, 2]; ye = r.integers(0, 3, 10)' },
    { labels: 'one-hot', y: 'i = r.integers(0, 3, 40); i[:3] = [0, 1, 2]; yt = np.eye(3, dtype=np.float32)[i]; ye = np.eye(3, dtype=np.float32)[r.integers(0, 3, 10)]' },
  ])('$labels labels: shape [8, 8, 1] and three classes counted as numpy counts them', async ({ labels, y }) => {
    const dir = tmp();
    const file = join(dir, 'a.npz');
    savez(file, `import sys; ${y}; np.savez(sys.argv[1], x_train=r.random((40, 8, 8, 1), dtype=np.float32), y_train=yt, x_test=r.random((10, 8, 8, 1), dtype=np.float32), y_test=ye)`);
    const counts = JSON.parse(
      execFileSync(PYTHON, ['-c', 'import sys, json, numpy as np; d = np.load(sys.argv[1]); f = lambda y: (y.argmax(1) if y.ndim == 2 else y); print(json.dumps([np.bincount(f(d["y_train"]), minlength=3).tolist(), np.bincount(f(d["y_test"]), minlength=3).tolist()]))', file], { encoding: 'utf8' }),
    );
    const { code, stdout, stderr } = await cli(['data', file, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { kind, inspection } = JSON.parse(stdout);
    expect(kind).toBe('arrays');
    expect(inspection.inputShape).toEqual([8, 8, 1]);
    expect(inspection.labels).toBe(labels);
    expect(inspection.task).toBe('multiclass');
    expect(inspection.samples).toEqual({ train: 40, test: 10 });
    expect(inspection.classes.map((c: any) => c.train)).toEqual(counts[0]);
    expect(inspection.classes.map((c: any) => c.test)).toEqual(counts[1]);
  });
});

/** Bad input, each refused with exit code 1 and a message naming the problem. */
const BAD: { name: string; make: (dir: string) => string; message: RegExp; args?: string[] }[] = [
  { name: 'ragged rows', make: (d) => file(d, 'r.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8\n'), message: /r\.csv, row 3: has 2 cells but row 1 has 3/ },
  { name: 'text in a numeric column', make: (d) => file(d, 'n.csv', 'a,b\n1,x\n2,y\nabc,x\n4,y\n5,x\n6,y\n7,x\n8,y\n9,x\n10,y\n'), message: /n\.csv.*row.*'abc'|n\.csv.*'abc'/ , args: ['--json'] },
  { name: 'an empty file', make: (d) => file(d, 'e.csv', ''), message: /e\.csv.*empty/i },
  { name: 'a header only', make: (d) => file(d, 'h.csv', 'a,b,c\n'), message: /h\.csv.*(no rows|no data|rows)/i },
  { name: 'a target with one class', make: (d) => file(d, 'o.csv', 'a,b\n1,k\n2,k\n3,k\n4,k\n'), message: /o\.csv.*(one|single|1) (class|value)/i },
  { name: 'a target that does not exist', make: (d) => file(d, 't.csv', 'a,b\n1,x\n2,y\n'), args: ['--target', 'nope'], message: /t\.csv.*'nope'/ },
  { name: 'an .npz whose arrays disagree in length', make: (d) => npz(d, 'np.savez(sys.argv[1], x_train=np.zeros((5, 2)), y_train=np.zeros(4, dtype=np.int64))'), message: /bad\.npz.*(5|4).*(5|4)/ },
  { name: 'a truncated .npy header', make: (d) => truncatedNpy(d), message: /x_train\.npy.*(header|truncated|short)/i },
  { name: 'a FIFO', make: (d) => fifo(d), message: /f\.csv.*(regular|not a file|FIFO|pipe)/i },
  { name: 'a symlink loop', make: (d) => loop(d), message: /loop\.csv/ },
];

function file(dir: string, name: string, text: string) {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}
function npz(dir: string, code: string) {
  const path = join(dir, 'bad.npz');
  savez(path, `import sys; ${code}`);
  return path;
}
function truncatedNpy(dir: string) {
  const path = join(dir, 'x_train.npy');
  execFileSync(PYTHON, ['-c', 'import sys, io, numpy as np; b = io.BytesIO(); np.save(b, np.zeros((3, 2))); open(sys.argv[1], "wb").write(b.getvalue()[:40])', path]);
  execFileSync(PYTHON, ['-c', 'import sys, numpy as np; np.save(sys.argv[1], np.zeros(3, dtype=np.int64))', join(dir, 'y_train.npy')]);
  return path;
}
function fifo(dir: string) {
  const path = join(dir, 'f.csv');
  execFileSync('mkfifo', [path]);
  return path;
}
function loop(dir: string) {
  symlinkSync(join(dir, 'loop2.csv'), join(dir, 'loop.csv'));
  symlinkSync(join(dir, 'loop.csv'), join(dir, 'loop2.csv'));
  return join(dir, 'loop.csv');
}

describe('netcanvas data refuses bad input', () => {
  it.each(BAD)('$name: exit 1 and a message naming it', async ({ make, message, args = [] }) => {
    const path = make(tmp());
    const { code, stdout, stderr } = await cli(['data', path, ...args]);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^netcanvas data: /);
    expect(stderr).not.toMatch(/unexpected error|\n\s+at /);
    expect(stderr).toMatch(message);
    expect(code).toBe(1);
  }, 10_000);
});
