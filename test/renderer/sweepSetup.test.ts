import { describe, expect, it } from 'vitest';
import cnn from '../../resources/templates/cnn.json';
import mlp from '../../resources/templates/mlp.json';
import rnn from '../../resources/templates/rnn.json';
import blank from '../../resources/templates/blank.json';
import { ENGINE_SERVICE } from '../../src/core/api/contract';
import { checkServiceCall } from '../../src/core/api/service';
import { applySettings } from '../../src/core/experiments/applySettings';
import { bookBase, bookTable } from '../../src/core/experiments/book';
import { loadDocument } from '../../src/core/graph/load';
import { bookPresets, bookRequest, planSweep, sweepableSettings, sweepRequest, type SetupRow, type SweepSetup } from '../../src/renderer/features/experiments/sweepSetup';

const MLP = loadDocument(mlp);
const setup = (rows: SetupRow[], more: Partial<SweepSetup> = {}): SweepSetup => ({ rows, search: 'grid', trials: 4, seed: 0, epochs: 1, limit: 600, testLimit: null, ...more });

describe('the settings the form offers', () => {
  const offered = sweepableSettings(MLP);
  const byPath = new Map(offered.map((s) => [s.path, s]));
  it.each([
    { what: "a dropout layer's rate, with its value in the template file", path: 'dropout_1.rate', current: String(mlp.nodes.find((n) => n.id === 'dropout_1')!.config.rate) },
    { what: "a dense layer's units", path: 'dense_1.units', current: String(mlp.nodes.find((n) => n.id === 'dense_1')!.config.units) },
    { what: 'the optimizer, as the template names it', path: 'optimizer', current: mlp.training.optimizer.type },
    { what: 'the batch size', path: 'batchSize', current: String(mlp.training.batchSize) },
  ])('$what', ({ path, current }) => {
    expect(byPath.get(path)?.current).toBe(current);
  });
  it('offers the optimizers the training settings take, and nothing that is not a setting', () => {
    expect(byPath.get('optimizer')?.options).toEqual(['sgd', 'adam', 'rmsprop']);
    // Each path offered names a real setting: applying its current value is accepted by the graph's own checks.
    for (const s of offered.filter((x) => x.current !== '—' && x.path !== 'optimizer.learningRate')) {
      const value = s.options ? (s.options.includes(s.current) ? s.current : s.options[0]) : Number(s.current);
      expect(() => applySettings(MLP, [[s.path, value === 'true' ? true : value === 'false' ? false : value]]), s.path).not.toThrow();
    }
    expect(offered.some((s) => s.path.startsWith('input.'))).toBe(false);
  });
});

describe('planning a sweep', () => {
  it.each([
    { what: 'a list of two rates: two trials', rows: [{ path: 'dropout_1.rate', values: '0.3,0.45' }], trials: 2 },
    { what: 'a grid of 2 rates × 3 optimizers: six', rows: [{ path: 'dropout_1.rate', values: '0.3, 0.45' }, { path: 'optimizer', values: 'sgd,adam,rmsprop' }], trials: 6 },
    { what: 'a log range of 3 learning rates', rows: [{ path: 'optimizer.learningRate', values: '1e-4..1e-2:3:log' }], trials: 3 },
    { what: 'a whole-number range whose steps round together keeps each value once (4,5,5,6 → 3)', rows: [{ path: 'dense_1.units', values: '4..6:4' }], trials: 3 },
    { what: 'random search: its count, whatever the grid', rows: [{ path: 'dropout_1.rate', values: '0.1..0.6:100' }], more: { search: 'random' as const, trials: 5 }, trials: 5 },
    { what: 'an empty row is left out', rows: [{ path: 'dropout_1.rate', values: '0.2,0.4' }, { path: '', values: '' }], trials: 2 },
  ])('$what', ({ rows, more, trials }) => {
    expect(planSweep(MLP, setup(rows, more))).toMatchObject({ ok: true, trials });
  });

  it.each([
    { what: 'nothing picked', rows: [], error: /at least one setting/ },
    { what: 'values without a setting', rows: [{ path: '', values: '0.1' }], error: /no setting/ },
    { what: 'no values', rows: [{ path: 'dropout_1.rate', values: '' }], error: /dropout_1.rate: no values/ },
    { what: 'a word for a number: the graph refuses it, naming the value', rows: [{ path: 'dropout_1.rate', values: '0.2,lots' }], error: /dropout_1.rate=lots/ },
    { what: 'a rate out of range', rows: [{ path: 'dropout_1.rate', values: '0.2,1.5' }], error: /dropout_1.rate=1.5/ },
    { what: 'an optimizer that does not exist', rows: [{ path: 'optimizer', values: 'adam,lion' }], error: /optimizer is one of sgd, adam, rmsprop/ },
    { what: 'one setting twice', rows: [{ path: 'dropout_1.rate', values: '0.2' }, { path: 'dropout_1.rate', values: '0.3' }], error: /given twice/ },
    { what: 'a log range through zero', rows: [{ path: 'optimizer.learningRate', values: '0..0.1:3:log' }], error: /above 0/ },
  ])('refuses $what', ({ rows, error }) => {
    const plan = planSweep(MLP, setup(rows));
    expect(plan.ok).toBe(false);
    expect(plan.ok ? '' : plan.error).toMatch(error);
  });

  it('makes a request the engine contract accepts, with the form’s epochs and limit', () => {
    const request = sweepRequest(MLP, setup([{ path: 'dropout_1.rate', values: '0.3,0.45' }], { epochs: 2, limit: 300 }));
    expect('error' in request).toBe(false);
    // The oracle: the API's own schema, as a transport checks a call.
    const checked = checkServiceCall(ENGINE_SERVICE, 'startSweep', [request]).args[0] as Record<string, unknown>;
    expect(checked).toMatchObject({ dimensions: [{ path: 'dropout_1.rate', domain: { kind: 'list', values: [0.3, 0.45] } }], search: { kind: 'grid' }, epochs: 2, limit: 300 });
    expect(checked).not.toHaveProperty('testLimit');
  });
});

describe('the book tables a graph can reproduce', () => {
  it.each([
    { what: 'the MLP template: Table 1.3.3', doc: mlp, tables: ['table-1.3.3'] },
    { what: 'the CNN template: Table 1.4.1', doc: cnn, tables: ['table-1.4.1'] },
    { what: 'the RNN template: Table 1.5.1', doc: rnn, tables: ['table-1.5.1'] },
    { what: 'a blank graph: none', doc: blank, tables: [] },
  ])('$what', ({ doc, tables }) => {
    expect(bookPresets(loadDocument(doc)).map((t) => t.id)).toEqual(tables);
  });
  it('asks for the table by name, with its quick epochs and samples, and the contract accepts it', () => {
    const table = bookTable('table-1.4.1')!;
    const request = bookRequest(loadDocument(cnn), table, true);
    expect(checkServiceCall(ENGINE_SERVICE, 'startSweep', [request]).args[0]).toMatchObject({ book: 'table-1.4.1', epochs: table.quick.epochs, limit: table.quick.limit, testLimit: table.quick.testLimit });
    // Every row applies to the base the engine will make.
    for (const row of table.rows) expect(() => applySettings(bookBase(table, loadDocument(cnn)), row.settings)).not.toThrow();
  });
  it.each([
    { what: 'a book table with dimensions too', args: { document: MLP, book: 'table-1.3.3', dimensions: [{ path: 'dropout_1.rate', domain: { kind: 'list', values: [0.1] } }] }, error: /leave out dimensions/ },
    { what: 'neither dimensions nor a book table', args: { document: MLP }, error: /say what to vary/ },
    { what: 'a book table that does not exist', args: { document: MLP, book: 'table-9' }, error: /book/ },
  ])('the contract refuses $what', ({ args, error }) => {
    expect(() => checkServiceCall(ENGINE_SERVICE, 'startSweep', [args])).toThrow(error);
  });
});
