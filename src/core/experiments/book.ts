import type { GraphDocument, GraphEdge, GraphNode } from '../graph/document';
import { loadDocument } from '../graph/load';
import type { SettingValue, TrialSettings } from './sweepSpec';

/**
 * The reference chapter's three results tables as sweeps, with the book's figures: each
 * row's settings (applied to one of the templates) and its train and test accuracy. The
 * one place these figures are written (`../shared/REFERENCE.md`, Tables 1.3.3, 1.4.1 and
 * 1.5.1).
 */

export type BookTemplate = 'mlp' | 'cnn' | 'rnn';

export interface BookRow {
  /** The row as the book's table writes it. */
  readonly label: string;
  readonly settings: TrialSettings;
  /** The book's accuracy in percent. */
  readonly train: number;
  readonly test: number;
}

export interface BookTable {
  readonly id: 'table-1.3.3' | 'table-1.4.1' | 'table-1.5.1';
  readonly title: string;
  /** The template the rows change (`mlp` is made three hidden layers deep, see `bookBase`). */
  readonly template: BookTemplate;
  readonly rows: readonly BookRow[];
  /** The quick version: fewer epochs and samples, minutes on a CPU instead of hours. */
  readonly quick: { readonly epochs: number; readonly limit: number; readonly testLimit: number };
}

type Regularizer = 'none' | { readonly l2: number } | { readonly dropout: number };

/** A row of Table 1.3.3: three hidden Dense layers, each followed by ReLU (or not) and Dropout. */
function mlpRow(units: readonly [number, number, number], regularizer: Regularizer, optimizer: 'sgd' | 'adam' | 'rmsprop', relu: boolean, train: number, test: number): BookRow {
  const rate = typeof regularizer === 'object' && 'dropout' in regularizer ? regularizer.dropout : 0;
  const kernel: SettingValue = typeof regularizer === 'object' && 'l2' in regularizer ? { type: 'l2', factor: regularizer.l2 } : null;
  const settings: [string, SettingValue][] = [];
  units.forEach((u, i) => settings.push([`dense_${i + 1}.units`, u]));
  for (let i = 1; i <= 3; i++) settings.push([`dense_${i}.kernelRegularizer`, kernel], [`dropout_${i}.rate`, rate], [`relu_${i}.activation`, relu ? 'relu' : 'linear']);
  settings.push(['optimizer', optimizer]);
  const reg = regularizer === 'none' ? 'none' : 'l2' in regularizer ? `L2(${regularizer.l2})` : `Dropout(${regularizer.dropout})`;
  const opt = { sgd: 'SGD', adam: 'Adam', rmsprop: 'RMSprop' }[optimizer];
  return { label: `${units.join('-')} ${reg} ${opt}${relu ? '' : ' no ReLU'}`, settings, train, test };
}

export const BOOK_TABLES: readonly BookTable[] = [
  {
    id: 'table-1.3.3',
    title: 'Table 1.3.3: MLP layers, regularizer and optimizer',
    template: 'mlp',
    quick: { epochs: 2, limit: 6000, testLimit: 2000 },
    rows: [
      mlpRow([256, 256, 256], 'none', 'sgd', false, 93.65, 92.5),
      mlpRow([256, 256, 256], { l2: 0.001 }, 'sgd', true, 99.35, 98.0),
      mlpRow([256, 256, 256], { l2: 0.01 }, 'sgd', true, 96.9, 96.7),
      mlpRow([256, 256, 256], 'none', 'sgd', true, 99.93, 98.0),
      mlpRow([256, 256, 256], { dropout: 0.4 }, 'sgd', true, 98.23, 98.1),
      mlpRow([256, 256, 256], { dropout: 0.45 }, 'sgd', true, 98.07, 98.1),
      mlpRow([256, 256, 256], { dropout: 0.5 }, 'sgd', true, 97.68, 98.1),
      mlpRow([256, 256, 256], { dropout: 0.6 }, 'sgd', true, 97.11, 97.9),
      mlpRow([256, 512, 256], { dropout: 0.45 }, 'sgd', true, 98.21, 98.2),
      mlpRow([512, 512, 512], { dropout: 0.2 }, 'sgd', true, 99.45, 98.3),
      mlpRow([512, 512, 512], { dropout: 0.4 }, 'sgd', true, 98.95, 98.3),
      mlpRow([512, 1024, 512], { dropout: 0.45 }, 'sgd', true, 98.9, 98.2),
      mlpRow([1024, 1024, 1024], { dropout: 0.4 }, 'sgd', true, 99.37, 98.3),
      mlpRow([256, 256, 256], { dropout: 0.6 }, 'adam', true, 98.64, 98.2),
      mlpRow([256, 256, 256], { dropout: 0.55 }, 'adam', true, 99.02, 98.3),
      mlpRow([256, 256, 256], { dropout: 0.45 }, 'adam', true, 99.39, 98.5),
      mlpRow([256, 256, 256], { dropout: 0.45 }, 'rmsprop', true, 98.75, 98.1),
      mlpRow([128, 128, 128], { dropout: 0.45 }, 'adam', true, 98.7, 97.7),
    ],
  },
  {
    id: 'table-1.4.1',
    title: 'Table 1.4.1: CNN (64-64-64) optimizer and dropout',
    template: 'cnn',
    quick: { epochs: 1, limit: 6000, testLimit: 2000 },
    rows: [
      { label: 'SGD Dropout(0.2)', settings: [['optimizer', 'sgd'], ['dropout.rate', 0.2]], train: 97.76, test: 98.5 },
      { label: 'RMSprop Dropout(0.2)', settings: [['optimizer', 'rmsprop'], ['dropout.rate', 0.2]], train: 99.11, test: 99.0 },
      { label: 'Adam Dropout(0.2)', settings: [['optimizer', 'adam'], ['dropout.rate', 0.2]], train: 99.75, test: 99.4 },
      { label: 'Adam Dropout(0.4)', settings: [['optimizer', 'adam'], ['dropout.rate', 0.4]], train: 99.64, test: 99.3 },
    ],
  },
  {
    id: 'table-1.5.1',
    title: 'Table 1.5.1: RNN units and optimizer',
    template: 'rnn',
    quick: { epochs: 1, limit: 6000, testLimit: 2000 },
    rows: [
      { label: '256 SGD', settings: [['simple_rnn.units', 256], ['optimizer', 'sgd']], train: 97.26, test: 98.0 },
      { label: '256 RMSprop', settings: [['simple_rnn.units', 256], ['optimizer', 'rmsprop']], train: 96.72, test: 97.6 },
      { label: '256 Adam', settings: [['simple_rnn.units', 256], ['optimizer', 'adam']], train: 96.79, test: 97.4 },
      { label: '512 SGD', settings: [['simple_rnn.units', 512], ['optimizer', 'sgd']], train: 97.88, test: 98.3 },
    ],
  },
];

export const BOOK_TABLE_IDS = BOOK_TABLES.map((t) => t.id);

export function bookTable(id: string): BookTable | undefined {
  return BOOK_TABLES.find((t) => t.id === id);
}

/** The book row a trial's settings are, or undefined. */
export function bookRow(table: BookTable, settings: TrialSettings): BookRow | undefined {
  const key = JSON.stringify(settings);
  return table.rows.find((r) => JSON.stringify(r.settings) === key);
}

/**
 * The graph a table's rows change. Tables 1.4.1 and 1.5.1 use the CNN and RNN templates as
 * they are; Table 1.3.3's MLPs have three hidden layers, so the MLP template gets a third
 * Dense → ReLU → Dropout block (`dense_3`, `relu_3`, `dropout_3`) and its output layer is
 * called `output`.
 */
export function bookBase(table: BookTable, template: GraphDocument): GraphDocument {
  if (table.template !== 'mlp') return template;
  const byId = new Map(template.nodes.map((n) => [n.id, n]));
  const need = (id: string) => {
    const n = byId.get(id);
    if (!n) throw new Error(`The MLP template has no node '${id}'`);
    return n;
  };
  const chain: GraphNode[] = [
    need('input'),
    need('dense_1'),
    need('relu_1'),
    need('dropout_1'),
    need('dense_2'),
    need('relu_2'),
    need('dropout_2'),
    { ...need('dense_2'), id: 'dense_3' },
    { ...need('relu_2'), id: 'relu_3' },
    { ...need('dropout_2'), id: 'dropout_3' },
    { ...need('dense_3'), id: 'output' },
    need('softmax'),
  ].map((n, i) => ({ ...n, position: { x: 0, y: i * 130 } }));
  const edges: GraphEdge[] = chain.slice(1).map((n, i) => ({ id: `e${i + 1}`, source: chain[i].id, sourcePort: 'out', target: n.id, targetPort: 'in' }));
  return loadDocument({ ...template, name: `${template.name} (3 hidden layers)`, nodes: chain, edges });
}
