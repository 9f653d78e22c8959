import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/api/contract';
import { cli } from '../support/cli';

/**
 * Scores beyond accuracy through the command line, on a binary table made from iris
 * (versicolor or not: the class that no one feature separates). The oracle is the run's own
 * record of each test row (its label from the file, the predicted class and the model's
 * confidence): F1 and the ROC curve's area are worked out again from those rows by their
 * definitions, pair by pair, and must equal what `train` reported.
 */
const TABLES = '../shared/datasets/tables';
const haveTables = existsSync(join(TABLES, 'iris.csv'));

/** The binary versicolor table and its starter network, in a fresh folder. */
async function versicolorGraph(): Promise<{ dir: string; graph: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'nc-binary-'));
  const rows = Papa.parse<Record<string, string>>(readFileSync(join(TABLES, 'iris.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
  const table = rows.map(({ species, ...features }) => ({ ...features, versicolor: species === 'versicolor' ? 'yes' : 'no' }));
  const file = join(dir, 'versicolor.csv');
  writeFileSync(file, Papa.unparse(table));
  const graph = join(dir, 'versicolor.netcanvas.json');
  const made = await cli(['new', '--data', file, '-o', graph]);
  expect(made.code, made.stderr).toBe(0);
  return { dir, graph };
}

describe.skipIf(!haveTables)('class weights (--class-weight, the graph file\'s training.classWeight)', () => {
  it('weight 0 for one class: the model learns only the other, and calls every test row that class', async () => {
    const { dir, graph } = await versicolorGraph();
    const out = join(dir, 'run');
    const trained = await cli(['train', graph, '--seed', '1', '--class-weight', '0,1', '--out', out]);
    expect(trained.code, trained.stderr).toBe(0);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunRecord;
    expect(run.training.classWeight).toEqual([0, 1]);
    const outcomes = run.test!.outcomes!;
    // Both classes are in the test split (from the file), yet nothing is predicted as class 0.
    expect(new Set(outcomes.map((o) => o.label))).toEqual(new Set([0, 1]));
    expect(outcomes.filter((o) => o.predicted === 0)).toEqual([]);
    // Unweighted, the same seed predicts class 0 for some rows: the weights made the difference.
    const plain = await cli(['train', graph, '--seed', '1', '--out', join(dir, 'plain')]);
    expect(plain.code, plain.stderr).toBe(0);
    const plainRun = JSON.parse(readFileSync(join(dir, 'plain', 'run.json'), 'utf8')) as RunRecord;
    expect(plainRun.test!.outcomes!.some((o) => o.predicted === 0)).toBe(true);
  }, 180_000);

  it.each([
    { flag: 'heavy', code: 2, says: /--class-weight must be balanced or one weight \(0 or more\) per class such as 1,3, got 'heavy'/ },
    { flag: '1,-2', code: 2, says: /--class-weight .* got '1,-2'/ },
    { flag: '0,0', code: 2, says: /at least one class needs a weight above 0/ },
    { flag: '1,2,3', code: 1, says: /classWeight lists 3 weights, but the data has 2 classes \(false, true\)/ },
  ])('refuses --class-weight $flag, saying why', async ({ flag, code, says }) => {
    const { graph } = await versicolorGraph();
    const result = await cli(['train', graph, '--class-weight', flag, '--epochs', '1']);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(says);
  }, 120_000);
});

describe.skipIf(!haveTables)('train on a binary table: macro F1 and ROC AUC', () => {
  it('reports them in --json and in text, equal to the definitions over the test rows', async () => {
    const { dir, graph } = await versicolorGraph();
    const out = join(dir, 'run');
    const trained = await cli(['train', graph, '--seed', '1', '--json', '--out', out]);
    expect(trained.code, trained.stderr).toBe(0);
    const test = trained.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).find((e) => e.event === 'test');
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunRecord;
    const outcomes = run.test!.outcomes!;
    expect(outcomes.length).toBe(run.test!.samples);
    // Which class is "positive" (1) is the task's: the class names say.
    const names = run.data!.description.task === 'binary' ? run.data!.description.classNames : [];
    expect(names).toHaveLength(2);
    const positiveScore = (o: (typeof outcomes)[number]) => (o.predicted === 1 ? o.confidence : 1 - o.confidence);
    let pairs = 0;
    let above = 0;
    for (const p of outcomes.filter((o) => o.label === 1)) {
      for (const n of outcomes.filter((o) => o.label === 0)) {
        pairs++;
        above += positiveScore(p) > positiveScore(n) ? 1 : positiveScore(p) === positiveScore(n) ? 0.5 : 0;
      }
    }
    expect(test.rocAuc).toBeCloseTo(above / pairs, 6);
    const f1 = [0, 1].map((c) => {
      const tp = outcomes.filter((o) => o.label === c && o.predicted === c).length;
      const fp = outcomes.filter((o) => o.label !== c && o.predicted === c).length;
      const fn = outcomes.filter((o) => o.label === c && o.predicted !== c).length;
      return tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
    });
    expect(test.macroF1).toBeCloseTo((f1[0] + f1[1]) / 2, 9);
    // Two classes: no top-k to report.
    expect(test).not.toHaveProperty('topK');
    // A model that learned something: better than chance.
    expect(test.rocAuc).toBeGreaterThan(0.8);
    const text = await cli(['train', graph, '--seed', '1', '--epochs', '1']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Test macro F1: \d\.\d{3} \(precision \d\.\d{3}, recall \d\.\d{3}\)$/m);
    expect(text.stdout).toMatch(/^Test ROC AUC: \d\.\d{3}$/m);
  }, 180_000);
});
