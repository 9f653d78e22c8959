import type { SweepRequest } from '../../../core/api/contract';
import { applySettings } from '../../../core/experiments/applySettings';
import { BOOK_TABLES, bookBase, type BookTable } from '../../../core/experiments/book';
import { expandSweep, formatValue, parseVary, SweepSpecError, type Dimension, type SettingValue } from '../../../core/experiments/sweepSpec';
import type { GraphDocument } from '../../../core/graph/document';
import { layerSpec } from '../../../core/layers/catalogue';
import { optimizerSchema } from '../../../core/training/config';

/**
 * The Experiments view's setup form as pure data: which of the open graph's settings can be
 * varied, the rows the person wrote (a setting and its values in the CLI's `--vary` notation),
 * and what they make: the trials' count or the first thing wrong, and the request for
 * `startSweep`. The parsing and expanding are sweepSpec's; nothing here reads values itself.
 */

/** A setting the form offers: its path (as `applySettings` takes it), what it is now, and, for a choice, its options. */
export interface SweepableSetting {
  readonly path: string;
  /** The layer's label or the training setting's name, for the list. */
  readonly label: string;
  readonly current: string;
  readonly options?: readonly string[];
}

/** One row of the form: a setting and its values as typed (`0.3,0.45`, `0.1..0.5:5`, `1e-4..1e-2:3:log`, `sgd,adam`). */
export interface SetupRow {
  readonly path: string;
  readonly values: string;
}

export interface SweepSetup {
  readonly rows: readonly SetupRow[];
  readonly search: 'grid' | 'random';
  /** Random search's trial count. */
  readonly trials: number;
  readonly seed: number;
  /** Each trial's epochs; null for the graph's own. */
  readonly epochs: number | null;
  /** Train on the first N samples; null for all. */
  readonly limit: number | null;
  readonly testLimit: number | null;
}

export type SweepPlan = { readonly ok: true; readonly trials: number; readonly dimensions: readonly Dimension[] } | { readonly ok: false; readonly error: string };

const NUMERIC = new Set(['int', 'float']);
const OPTIMIZERS = optimizerSchema.options.map((o) => o.shape.type.value);

const shown = (v: unknown): string => (v === undefined ? '—' : formatValue(v as SettingValue));

/** The settings of `doc` a sweep can vary: every layer's number, choice and switch fields, then the optimizer, its learning rate and the batch size. */
export function sweepableSettings(doc: GraphDocument): SweepableSetting[] {
  const settings: SweepableSetting[] = [];
  for (const node of doc.nodes) {
    const spec = layerSpec(node.kind);
    for (const field of spec?.fields ?? []) {
      const t = field;
      if (!NUMERIC.has(t.type) && t.type !== 'enum' && t.type !== 'bool') continue;
      const current = Object.prototype.hasOwnProperty.call(node.config, field.name) ? node.config[field.name] : undefined;
      settings.push({
        path: `${node.id}.${field.name}`,
        label: `${node.label ?? node.id} · ${field.label}`,
        current: shown(current),
        ...(t.type === 'enum' ? { options: t.options } : t.type === 'bool' ? { options: ['true', 'false'] } : {}),
      });
    }
  }
  const training = doc.training;
  settings.push(
    { path: 'optimizer', label: 'Training · optimizer', current: training.optimizer.type, options: OPTIMIZERS },
    { path: 'optimizer.learningRate', label: 'Training · learning rate', current: shown(training.optimizer.learningRate) },
    { path: 'batchSize', label: 'Training · batch size', current: shown(training.batchSize) },
  );
  return settings;
}

/** What the setup makes on `doc`: the number of trials, or the first row or option that is wrong, in words. Every trial's graph is checked as the engine will. */
export function planSweep(doc: GraphDocument, setup: SweepSetup): SweepPlan {
  const rows = setup.rows.filter((r) => r.path !== '' || r.values.trim() !== '');
  if (rows.length === 0) return { ok: false, error: 'Pick at least one setting to vary.' };
  try {
    const dimensions = rows.map((r) => {
      if (r.path === '') throw new SweepSpecError(`values '${r.values}' have no setting; pick one`);
      return parseVary(`${r.path}=${r.values}`);
    });
    if (setup.search === 'random' && (!Number.isInteger(setup.trials) || setup.trials < 1)) throw new SweepSpecError('random search needs a whole number of trials, 1 or more');
    const trials = expandSweep({ dimensions, search: setup.search === 'random' ? { kind: 'random', trials: setup.trials, seed: setup.seed } : { kind: 'grid' } });
    for (const t of trials) applySettings(doc, t);
    return { ok: true, trials: trials.length, dimensions };
  } catch (error) {
    if (error instanceof SweepSpecError) return { ok: false, error: error.message.replace(/^--vary /, '') };
    throw error;
  }
}

/** The options every trial's job gets, from the form (absent where left to the graph). */
function jobOptions(setup: Pick<SweepSetup, 'epochs' | 'limit' | 'testLimit'>) {
  return {
    ...(setup.epochs !== null ? { epochs: setup.epochs } : {}),
    ...(setup.limit !== null ? { limit: setup.limit } : {}),
    ...(setup.testLimit !== null ? { testLimit: setup.testLimit } : {}),
  };
}

/** The `startSweep` request for a setup that plans; the plan's error otherwise. */
export function sweepRequest(doc: GraphDocument, setup: SweepSetup): SweepRequest | { readonly error: string } {
  const plan = planSweep(doc, setup);
  if (!plan.ok) return { error: plan.error };
  return {
    document: doc,
    dimensions: plan.dimensions,
    search: setup.search === 'random' ? { kind: 'random', trials: setup.trials, seed: setup.seed } : { kind: 'grid' },
    ...jobOptions(setup),
  };
}

/** The book's tables that the open graph can reproduce: each row applies to the graph made as the table needs it (Table 1.3.3 on the MLP template, 1.4.1 on the CNN, 1.5.1 on the RNN). */
export function bookPresets(doc: GraphDocument): BookTable[] {
  return BOOK_TABLES.filter((table) => {
    try {
      const base = bookBase(table, doc);
      for (const row of table.rows) applySettings(base, row.settings);
      return true;
    } catch {
      return false;
    }
  });
}

/** The request for a book table: its rows on the open graph, its quick version's epochs and samples if asked. */
export function bookRequest(doc: GraphDocument, table: BookTable, quick: boolean): SweepRequest {
  return { document: doc, book: table.id, ...(quick ? jobOptions(table.quick) : {}) };
}

/**
 * The empty state's one-click sweep on `doc`: its first dropout layer's rate at 0.2 and 0.5,
 * else the optimizer as SGD and Adam; one epoch on 3,000 samples, so it finishes in a few
 * minutes on a CPU.
 */
export function starterSetup(doc: GraphDocument): SweepSetup {
  const dropout = doc.nodes.find((n) => n.kind === 'Dropout');
  const row: SetupRow = dropout ? { path: `${dropout.id}.rate`, values: '0.2,0.5' } : { path: 'optimizer', values: 'sgd,adam' };
  return { rows: [row], search: 'grid', trials: 4, seed: 0, epochs: 1, limit: 3000, testLimit: 1000 };
}
