/**
 * Every problem the analysis can report, by its stable code: how bad it is, what it is
 * about and what it means. The code is what the editor, the CLI and scripts act on; the
 * message is for people and may change. `docs/graph-format.md` lists this table
 * (`problemCodesMarkdown`), and a test keeps the two equal.
 */

export type Severity = 'error' | 'warning';

/** `structure`: the graph cannot become a model; `dataset`: it can, but cannot train as set up (data, loss, runtime). */
export type ProblemScope = 'structure' | 'dataset';

export interface ProblemCodeInfo {
  readonly severity: Severity;
  readonly scope: ProblemScope;
  /** The graph is only unfinished (a connection still to draw): the editor never refuses an edge for it. */
  readonly unfinished?: boolean;
  /** One line for the documentation. */
  readonly meaning: string;
}

const error = (scope: ProblemScope, meaning: string, unfinished = false): ProblemCodeInfo => ({ severity: 'error', scope, meaning, ...(unfinished ? { unfinished } : {}) });

export const PROBLEM_CODES = {
  // The graph as a whole.
  'empty-graph': error('structure', 'The graph has no layers.'),
  'no-input': error('structure', 'The graph has no Input layer.'),
  cycle: error('structure', 'A layer lies on a cycle; a network flows one way, from its inputs to its output.'),
  'several-ends': error('structure', 'More than one layer has no outgoing connection; a network trains one output.'),
  'too-many-params': error('structure', 'The network has more trainable parameters than NetCanvas trains.'),
  // Connections.
  'not-connected': error('structure', 'A layer has no incoming connection.', true),
  'merge-one-input': error('structure', 'A merge layer (Add, Concatenate) has only one input so far.', true),
  'not-from-input': error('structure', 'A layer has inputs, but none of them leads back to an Input.', true),
  'input-unused': error('structure', 'An Input is not connected to any layer.', true),
  'input-not-to-output': error('structure', 'An Input does not lead to the output.', true),
  'input-has-incoming': error('structure', 'An Input has an incoming connection; samples enter the network there.'),
  'too-many-inputs': error('structure', 'A single-input layer has several incoming connections.'),
  // One layer.
  'unknown-kind': error('structure', 'The node’s kind is not a layer kind NetCanvas knows.'),
  'invalid-config': error('structure', 'A setting of the layer is missing or out of range.'),
  'rank-mismatch': error('structure', 'The layer receives a tensor of the wrong rank (e.g. a vector where it needs an image or a sequence).'),
  'shape-mismatch': error('structure', 'The inputs of a merge do not fit together.'),
  'unknown-dimension': error('structure', 'The layer needs a dimension of its input that is not known.'),
  'window-too-large': error('structure', 'A convolution or pooling window does not fit its input.'),
  'reshape-size': error('structure', 'A Reshape’s target shape does not hold the number of values each sample has.'),
  'axis-out-of-range': error('structure', 'A Concatenate axis lies outside its inputs.'),
  'dimension-below-one': error('structure', 'The layer’s output would have a dimension below 1.'),
  'tfjs-cannot-train': error('dataset', 'A setting TensorFlow.js cannot train with (BatchNormalization without center or scale).'),
  // The dataset and the loss.
  'dataset-shape': error('dataset', 'An Input does not take the dataset’s samples (a different number of values).'),
  'output-rank': error('dataset', 'The network’s output has more than one axis per sample, but the labels are one vector per sample.'),
  'output-units': error('dataset', 'The network’s output does not have one unit per class (or one for a binary or regression target).'),
  'loss-activation': { severity: 'warning', scope: 'dataset', meaning: 'The output activation does not suit the loss (softmax for categorical, sigmoid for binary cross-entropy).' },
  'loss-task': { severity: 'warning', scope: 'dataset', meaning: 'The loss does not suit the dataset’s task (categorical cross-entropy for classes, binary cross-entropy for two, mean squared or absolute error for a value).' },
} as const satisfies Record<string, ProblemCodeInfo>;

export type ProblemCode = keyof typeof PROBLEM_CODES;

export const PROBLEM_CODE_NAMES = Object.keys(PROBLEM_CODES) as ProblemCode[];

export function problemCodeInfo(code: ProblemCode): ProblemCodeInfo {
  return PROBLEM_CODES[code];
}

/** The table of codes as the documentation shows it. */
export function problemCodesMarkdown(): string {
  const rows = PROBLEM_CODE_NAMES.map((code) => {
    const info: ProblemCodeInfo = PROBLEM_CODES[code];
    const kind = `${info.severity}, ${info.scope}${info.unfinished ? ', unfinished' : ''}`;
    return `| \`${code}\` | ${kind} | ${info.meaning} |`;
  });
  return ['| code | kind | meaning |', '|---|---|---|', ...rows].join('\n');
}
