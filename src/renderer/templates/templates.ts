import type { GraphDocument } from '../../core/graph/document';
import { loadDocument } from '../../core/graph/load';
import blank from '../../../resources/templates/blank.json';
import cnn from '../../../resources/templates/cnn.json';
import mlp from '../../../resources/templates/mlp.json';
import rnn from '../../../resources/templates/rnn.json';

export interface Template {
  readonly id: 'blank' | 'mlp' | 'cnn' | 'rnn';
  readonly label: string;
  readonly description: string;
  load(): GraphDocument;
}

/** The starting points: a blank canvas and the reference chapter's three MNIST models. */
export const TEMPLATES: readonly Template[] = [
  { id: 'blank', label: 'Blank', description: 'An empty canvas.', load: () => loadDocument(blank) },
  { id: 'mlp', label: 'MLP', description: 'Dense 256 → 256 → 10 with dropout (269,322 parameters).', load: () => loadDocument(mlp) },
  { id: 'cnn', label: 'CNN', description: 'Three 3×3 convolutions with pooling (80,266 parameters).', load: () => loadDocument(cnn) },
  { id: 'rnn', label: 'RNN', description: 'SimpleRNN 256 over 28 rows of 28 pixels (75,530 parameters).', load: () => loadDocument(rnn) },
];
