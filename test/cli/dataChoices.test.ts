import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintData } from '../../src/node/fingerprint';
import { cli } from '../support/cli';

/**
 * The choices made about own data (column types, task, missing-value policy) through the
 * command line, kept in the graph file with the data's fingerprint; a changed file is
 * reported when the graph trains. Oracles: the table file itself and `sha256sum`.
 */
const TABLES = '../shared/datasets/tables';
const tmp = () => mkdtempSync(join(tmpdir(), 'nc-choices-'));

describe('--types, --task and --missing', () => {
  it('data --types makes diabetes.csv’s sex (written 1/2) a category: one-hot, so the input grows by one', async () => {
    const plain = JSON.parse((await cli(['data', join(TABLES, 'diabetes.csv'), '--json'])).stdout);
    const chosen = JSON.parse((await cli(['data', join(TABLES, 'diabetes.csv'), '--types', 'sex=category', '--json'])).stdout);
    const sex = (d: { inspection: { columns: { name: string; type: string }[] } }) => d.inspection.columns.find((c) => c.name === 'sex')!;
    expect(sex(plain).type).toBe('number');
    expect(sex(chosen).type).toBe('category');
    // Two categories one-hot in place of one number.
    expect(chosen.inspection.description.inputShape[0]).toBe(plain.inspection.description.inputShape[0] + 1);
  });

  it('data --task binary on iris is refused, naming the classes, since the target has three', async () => {
    const result = await cli(['data', join(TABLES, 'iris.csv'), '--task', 'binary']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/binary/);
  });

  it.each([
    { args: ['--types', 'sex'], says: /--types: 'sex' is not COLUMN=TYPE/ },
    { args: ['--types', 'sex=text'], says: /--types: 'sex=text': the type must be one of number, category, boolean/ },
    { args: ['--task', 'ranking'], says: /--task must be one of multiclass, binary, regression, got 'ranking'/ },
    { args: ['--missing', 'zero'], says: /--missing must be one of fill, drop, got 'zero'/ },
  ])('a bad choice $args is a usage error that names it', async ({ args, says }) => {
    const result = await cli(['data', join(TABLES, 'diabetes.csv'), ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(says);
  });

  it('new keeps the choices and the fingerprint in the graph file; train reports the file changed since', async () => {
    const dir = tmp();
    const table = join(dir, 'diabetes.csv');
    copyFileSync(join(TABLES, 'diabetes.csv'), table);
    const graph = join(dir, 'diabetes.netcanvas.json');
    const made = await cli(['new', '--data', table, '--types', 'sex=category', '--missing', 'drop', '-o', graph]);
    expect(made.code, made.stderr).toBe(0);
    const file = JSON.parse(readFileSync(graph, 'utf8')).dataset.file;
    expect(file.types).toEqual([['sex', 'category']]);
    expect(file.missing).toBe('drop');
    expect(file.fingerprint.sha256).toBe(execFileSync('sha256sum', [table], { encoding: 'utf8' }).split(' ')[0]);
    expect(file.fingerprint.bytes).toBe(readFileSync(table).length);
    const quiet = await cli(['train', graph, '--epochs', '1', '--seed', '1']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).not.toMatch(/is not the data the graph was made for/);
    // One more row: the same graph now says so, and trains on the data as it is.
    const lines = readFileSync(table, 'utf8').trimEnd().split('\n');
    appendFileSync(table, `${lines[1]}\n`);
    const noisy = await cli(['train', graph, '--epochs', '1', '--seed', '1']);
    expect(noisy.code, noisy.stderr).toBe(0);
    expect(noisy.stderr).toMatch(/diabetes\.csv is not the data the graph was made for: it was \d+ bytes when the graph was made for it and is \d+ now/);
  });
});

describe('a folder’s fingerprint', () => {
  const cases = [
    { change: 'nothing', apply: () => undefined, same: true },
    { change: 'a file grows', apply: (d: string) => appendFileSync(join(d, 'a', '1.png'), 'x'), same: false },
    { change: 'a file is renamed', apply: (d: string) => renameSync(join(d, 'a', '1.png'), join(d, 'a', '9.png')), same: false },
    { change: 'a file is added', apply: (d: string) => writeFileSync(join(d, 'b', '3.png'), 'zz'), same: false },
    { change: 'a hidden file is added (not data)', apply: (d: string) => writeFileSync(join(d, 'a', '.DS_Store'), 'zz'), same: true },
  ];
  it.each(cases)('$change: the fingerprint is the same: $same', async ({ apply, same }) => {
    const dir = tmp();
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'a', '1.png'), 'one');
    writeFileSync(join(dir, 'b', '2.png'), 'two!');
    const before = await fingerprintData(dir);
    expect(before).toMatchObject({ files: 2, bytes: 7 });
    apply(dir);
    expect((await fingerprintData(dir)).sha256 === before.sha256).toBe(same);
  });
});
