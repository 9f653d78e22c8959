import type { GraphDocument } from '../graph/document';
import type { DatasetName, OptimizerConfig, TrainingConfig } from '../training/config';
import { BUILTIN_DATASETS, sampleValueCount } from '../data/description';
import { DocumentError } from '../graph/errors';
import { ClassWeightError, classWeights } from '../training/classWeights';
import { analyseForExport } from './exportable';
import { countSentence, trainingSentence } from './modelModule';
import { modelFunctionLines } from './modelFunction';
import { commentText, literal, quote } from './source';
import { BALANCED_CLASS_WEIGHTS_SOURCE, EARLY_STOPPING_SOURCE, SCHEDULE_SOURCES, earlyStoppingSettings, formulaConstants, plateauSettings } from './trainingCallbacks';

export interface TrainingProgramOptions {
  /** The file the program is saved as, for its "run it" line. */
  readonly fileName?: string;
}

/** Where each dataset's IDX files are read from, or downloaded. */
export const DATA_SOURCES: Record<DatasetName, { variable: string; folder: string; url: string }> = {
  mnist: { variable: 'MNIST_DIR', folder: 'mnist-data', url: 'https://storage.googleapis.com/cvdf-datasets/mnist/' },
  'fashion-mnist': { variable: 'FASHION_MNIST_DIR', folder: 'fashion-mnist-data', url: 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/' },
};

/** The optimizer's settings as named constants, and the tfjs call that uses them. */
function optimizer(o: OptimizerConfig): { constants: [string, number][]; call: string } {
  const constants = optimizerConstants(o);
  switch (o.type) {
    case 'sgd':
      return o.momentum === 0
        ? { constants: constants.slice(0, 1), call: 'tf.train.sgd(LEARNING_RATE)' }
        : { constants, call: 'tf.train.momentum(LEARNING_RATE, MOMENTUM)' };
    case 'adam':
      return { constants, call: 'tf.train.adam(LEARNING_RATE, BETA_1, BETA_2, EPSILON)' };
    case 'rmsprop':
      return { constants, call: 'tf.train.rmsprop(LEARNING_RATE, RHO, MOMENTUM, EPSILON)' };
  }
}

function compileLines(training: TrainingConfig, optimizerCall: string): string[] {
  return [
    "/** Compiles the model with the graph's optimizer, loss and metrics. */",
    'function compileModel(model: tf.LayersModel): void {',
    '  model.compile({',
    `    optimizer: ${optimizerCall},`,
    `    loss: ${quote(training.loss)},`,
    `    metrics: ${literal(training.metrics)},`,
    '  });',
    '}',
  ];
}

function evaluateLines(withAccuracy: boolean): string[] {
  return withAccuracy
    ? [
        '  const [loss, accuracy] = model.evaluate(test.images, test.labels, { batchSize: BATCH_SIZE }) as tf.Scalar[];',
        '  console.log(`Test loss: ${loss.dataSync()[0].toFixed(4)}`);',
        '  console.log(`Test accuracy: ${(100 * accuracy.dataSync()[0]).toFixed(1)}%`);',
      ]
    : [
        '  const loss = model.evaluate(test.images, test.labels, { batchSize: BATCH_SIZE }) as tf.Scalar;',
        '  console.log(`Test loss: ${loss.dataSync()[0].toFixed(4)}`);',
      ];
}

/** The schedule the program applies: none for a constant rate, as the engine does. */
export function activeSchedule(training: TrainingConfig): Exclude<TrainingConfig['schedule'], { type: 'constant' }> | undefined {
  return training.schedule && training.schedule.type !== 'constant' ? training.schedule : undefined;
}

/** One line saying what the program does around fit (schedule, early stopping, class weights), for the header; null when nothing. */
export function callbacksSentence(training: TrainingConfig): string | null {
  const schedule = activeSchedule(training);
  const e = training.earlyStopping;
  const c = training.classWeight;
  const parts = [
    ...(schedule ? [`learning rate by ${SCHEDULE_SOURCES[schedule.type].keras.split(':')[0]}`] : []),
    ...(e ? [`early stopping on ${e.monitor} (patience ${e.patience}${e.restoreBestWeights ? ', the best weights restored' : ''})`] : []),
    ...(c ? [`class weights ${c === 'balanced' ? 'balanced (from the training labels)' : 'as given'}`] : []),
  ];
  return parts.length > 0 ? `As NetCanvas trains it: ${parts.join('; ')}.` : null;
}

/** The settings of the schedule, early stopping and class weights, as constants. */
function callbackConstants(training: TrainingConfig): string[] {
  const schedule = activeSchedule(training);
  const object = (entries: [string, unknown][]) => `{ ${entries.map(([k, v]) => `${k}: ${literal(v)}`).join(', ')} }`;
  return [
    ...(schedule?.type === 'reduceOnPlateau'
      ? [`const REDUCE_ON_PLATEAU: PlateauSettings = ${object(plateauSettings(schedule, 'typescript'))};`]
      : schedule
        ? formulaConstants(schedule).map(([name, value]) => `const ${name} = ${literal(value)};`)
        : []),
    ...(training.earlyStopping ? [`const EARLY_STOPPING: StopSettings = ${object(earlyStoppingSettings(training.earlyStopping, 'typescript'))};`] : []),
    ...(Array.isArray(training.classWeight) ? [`const CLASS_WEIGHTS = ${literal(training.classWeight)};`] : []),
  ];
}

/** The definitions the fit needs: reading and setting the optimizer's rate, the schedule, early stopping, balanced weights. */
function callbackDefinitions(training: TrainingConfig): string[] {
  const schedule = activeSchedule(training);
  const blocks: string[] = [
    `/** The optimizer's learning rate: tfjs keeps it in a field (SGD and momentum also as a tensor, which setLearningRate updates). */
interface RateField {
  learningRate: number;
  setLearningRate?: (rate: number) => void;
}

function learningRateOf(model: tf.LayersModel): number {
  return (model.optimizer as unknown as RateField).learningRate;
}`,
  ];
  if (schedule) {
    blocks.push(`/** Sets the rate the optimizer's next steps take. */
function setLearningRate(model: tf.LayersModel, rate: number): void {
  const optimizer = model.optimizer as unknown as RateField;
  if (optimizer.setLearningRate) optimizer.setLearningRate(rate);
  else optimizer.learningRate = rate;
}`);
  }
  if (schedule) {
    const source = SCHEDULE_SOURCES[schedule.type];
    blocks.push(
      source.kind === 'formula'
        ? `/** The learning rate of an epoch (counted from 0), by ${source.keras}. */
function learningRateAt(epoch: number): number {
  return ${source.expression.typescript};
}`
        : source.definition.typescript,
    );
  }
  if (training.earlyStopping) blocks.push(EARLY_STOPPING_SOURCE.typescript);
  if (schedule?.type === 'reduceOnPlateau' || training.earlyStopping) {
    blocks.push(`/** An epoch's value of a metric, or null when the logs lack it (no validation data) or it is not finite: Keras then skips the epoch. */
function monitored(logs: tf.Logs | undefined, name: string): number | null {
  const value = logs?.[name];
  return value === undefined || !Number.isFinite(value) ? null : value;
}`);
  }
  if (training.classWeight === 'balanced') blocks.push(BALANCED_CLASS_WEIGHTS_SOURCE.typescript);
  return blocks.flatMap((b) => [b, '']);
}

/** main's fit: the epochs with their learning rates, early stopping and class weights, as the NetCanvas engine trains (engine/training/loop.ts). */
function fitLines(training: TrainingConfig): string[] {
  const schedule = activeSchedule(training);
  const stopping = training.earlyStopping;
  const lines: string[] = [];
  if (training.classWeight !== undefined) {
    lines.push(
      "  // Keras's class_weight: each sample's loss weighs as its class does.",
      ...(training.classWeight === 'balanced'
        ? ['  // Balanced: from the labels of the training part (fit keeps the last VALIDATION_SPLIT for validation).', '  const trainPart = Math.floor(trainCount * (1 - VALIDATION_SPLIT));', '  const classWeights = tf.tidy(() => balancedClassWeights(train.labels.slice(0, trainPart)));']
        : ['  const classWeights = CLASS_WEIGHTS;']),
      '  console.log(`Class weights: ${JSON.stringify(classWeights)}`);',
    );
  }
  if (schedule?.type === 'reduceOnPlateau') lines.push('  const reducer = new ReduceLROnPlateau(LEARNING_RATE, REDUCE_ON_PLATEAU);');
  if (stopping) lines.push('  const stopper = new EarlyStopping(EARLY_STOPPING);', '  let best: { epoch: number; weights: tf.Tensor[] } | undefined;');
  lines.push(
    '  await model.fit(train.images, train.labels, {',
    '    epochs: options.epochs,',
    '    batchSize: BATCH_SIZE,',
    '    validationSplit: VALIDATION_SPLIT,',
    '    shuffle: true,',
    '    verbose: 0,',
    ...(training.classWeight !== undefined ? ['    classWeight: Object.fromEntries(classWeights.map((weight, index) => [index, weight])),'] : []),
    '    callbacks: {',
  );
  if (schedule && schedule.type !== 'reduceOnPlateau') {
    lines.push('      // Each epoch trains at its scheduled rate, set before its first step.', '      onEpochBegin: async (epoch) => setLearningRate(model, learningRateAt(epoch)),');
  }
  lines.push('      onEpochEnd: async (epoch, logs) => {', '        console.log(`Epoch ${epoch + 1}/${options.epochs}: ${formatLogs(logs)}, lr ${learningRateOf(model)}`);');
  if (schedule?.type === 'reduceOnPlateau') {
    lines.push(
      '        // The next epoch trains at the rate the plateau rule gives after this one.',
      '        const plateauValue = monitored(logs, REDUCE_ON_PLATEAU.monitor);',
      '        if (plateauValue !== null) setLearningRate(model, reducer.next(plateauValue));',
    );
  }
  if (stopping) {
    lines.push(
      '        const value = monitored(logs, EARLY_STOPPING.monitor);',
      '        if (value === null) return;',
      '        const step = stopper.next(epoch, value);',
      '        if (step.keepWeights) {',
      '          if (best) tf.dispose(best.weights);',
      '          best = { epoch, weights: model.getWeights().map((w) => w.clone()) };',
      '        }',
      '        if (step.stop) {',
      '          console.log(`Epoch ${epoch + 1}: early stopping`);',
      '          model.stopTraining = true;',
      '        }',
    );
  }
  lines.push('      },', '    },', '  });');
  if (stopping?.restoreBestWeights) {
    lines.push(
      '  if (best) {',
      '    model.setWeights(best.weights);',
      '    console.log(`Restoring model weights from the end of the best epoch: ${best.epoch + 1}.`);',
      '    tf.dispose(best.weights);',
      '  }',
    );
  }
  // A blank line before the evaluation.
  return [...lines, ''];
}

/**
 * A complete TypeScript program that trains the graph's network on its dataset with
 * TensorFlow.js, as the reference chapter does in Keras: read the IDX files, scale and
 * one-hot, build, compile, fit, evaluate and print `Test accuracy: NN.N%`. It depends on
 * @tensorflow/tfjs (and uses @tensorflow/tfjs-node when it loads), never on NetCanvas.
 * Throws a DocumentError naming the problems when the graph cannot train.
 */
/** An optimizer's settings as the named constants every generated program declares (each writer adds its own call). */
export function optimizerConstants(o: OptimizerConfig): [string, number][] {
  switch (o.type) {
    case 'sgd':
      return [['LEARNING_RATE', o.learningRate], ['MOMENTUM', o.momentum]];
    case 'adam':
      return [['LEARNING_RATE', o.learningRate], ['BETA_1', o.beta1], ['BETA_2', o.beta2], ['EPSILON', o.epsilon]];
    case 'rmsprop':
      return [['LEARNING_RATE', o.learningRate], ['RHO', o.rho], ['MOMENTUM', o.momentum], ['EPSILON', o.epsilon]];
  }
}

/**
 * The settings every generated training program (TypeScript, PyTorch) declares first, by
 * name and value, in order: what the network trains on and how, and where its data comes from.
 * Each writer formats them in its own language.
 */
export function programSettings(doc: GraphDocument, inputShape: readonly number[]): { readonly network: readonly [string, unknown][]; readonly data: readonly [string, unknown][] } {
  const dataset = BUILTIN_DATASETS[doc.dataset.name];
  const source = DATA_SOURCES[doc.dataset.name];
  const training = doc.training;
  if (Array.isArray(training.classWeight)) {
    // The same check the engine makes when it trains (a count per class is all it needs here).
    try {
      classWeights(training.classWeight, dataset.classNames.map(() => 1), dataset.classNames);
    } catch (error) {
      if (error instanceof ClassWeightError) throw new DocumentError(`'${doc.name}' cannot be exported as a training program`, [{ path: 'training.classWeight', message: error.message }]);
      throw error;
    }
  }
  return {
    network: [
      ['INPUT_SHAPE', inputShape],
      ['NUM_CLASSES', dataset.classNames.length],
      ['EPOCHS', training.epochs],
      ['BATCH_SIZE', training.batchSize],
      ['VALIDATION_SPLIT', training.validationSplit],
    ],
    data: [
      ['DATASET', dataset.label],
      ['DATA_DIR_VARIABLE', source.variable],
      ['DOWNLOAD_FOLDER', source.folder],
      ['DOWNLOAD_URL', source.url],
    ],
  };
}

export function generateTrainingProgram(doc: GraphDocument, options: TrainingProgramOptions = {}): string {
  const analysis = analyseForExport(doc, true);
  const inputShape = analysis.nodes.get(analysis.inputIds[0])!.config!.shape as number[];
  const dataset = BUILTIN_DATASETS[doc.dataset.name];
  const source = DATA_SOURCES[doc.dataset.name];
  const training = doc.training;
  const opt = optimizer(training.optimizer);
  const fileName = commentText(options.fileName ?? 'train.ts');
  const constant = (name: string, value: unknown) => `const ${name} = ${literal(value)};`;
  const settings = programSettings(doc, inputShape);

  return [
    '/**',
    ` * ${commentText(doc.name)}: a NetCanvas graph exported as a TensorFlow.js training program.`,
    ' *',
    ` * ${countSentence(analysis)}.`,
    ` * Trained on ${dataset.label} with ${trainingSentence(doc)}.`,
    ...(callbacksSentence(training) ? [` * ${callbacksSentence(training)}`] : []),
    ' * As in the reference chapter, pixels are scaled to [0, 1], labels are one-hot and each',
    ` * image is reshaped to the input (${inputShape.join('×')}); the program ends by printing the test accuracy.`,
    ' *',
    ` * Run it:  npx tsx ${fileName} [--epochs N] [--limit N] [--summary-json]`,
    ' * Needs:   npm install @tensorflow/tfjs tsx   (add @tensorflow/tfjs-node to train far faster)',
    ` * Data:    the four IDX files (gzipped or not) in the folder named by ${source.variable};`,
    ` *          without it they are downloaded into ./${source.folder}.`,
    ' */',
    "import * as tf from '@tensorflow/tfjs';",
    "import * as fs from 'node:fs';",
    "import * as path from 'node:path';",
    "import { gunzipSync } from 'node:zlib';",
    '',
    '// The network and how it trains.',
    ...settings.network.map(([name, value]) => constant(name, value)),
    ...opt.constants.map(([name, value]) => constant(name, value)),
    ...callbackConstants(training),
    '',
    '// Where the data comes from.',
    ...settings.data.map(([name, value]) => constant(name, value)),
    constant('IMAGE_SIZE', sampleValueCount(dataset)),
    'const FILES = [',
    "  'train-images-idx3-ubyte',",
    "  'train-labels-idx1-ubyte',",
    "  't10k-images-idx3-ubyte',",
    "  't10k-labels-idx1-ubyte',",
    '];',
    '',
    ...modelFunctionLines(doc, analysis, { exported: false, inputShape: 'INPUT_SHAPE' }),
    '',
    ...compileLines(training, opt.call),
    '',
    ...callbackDefinitions(training),
    PROGRAM_BODY[0],
    ...fitLines(training),
    ...evaluateLines(training.metrics.includes('accuracy')),
    PROGRAM_BODY[1],
  ].join('\n');
}

/** The parts of the program that do not depend on the graph: options, backend, data, main. */
const PROGRAM_BODY = [
  `interface Options {
  epochs: number;
  limit: number | undefined;
  summaryJson: boolean;
}

/** Reads \`--epochs N\`, \`--limit N\` (the first N training and test images only) and \`--summary-json\`. */
function parseOptions(argv: readonly string[]): Options {
  const options: Options = { epochs: EPOCHS, limit: undefined, summaryJson: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--summary-json') {
      options.summaryJson = true;
    } else if (flag === '--epochs' || flag === '--limit') {
      const text = argv[++i] ?? '';
      const value = Number(text);
      if (!/^\\d+$/.test(text) || value < 1) {
        throw new Error(\`\${flag} takes a whole number of at least 1, got '\${text}'\`);
      }
      if (flag === '--epochs') options.epochs = value;
      else options.limit = value;
    } else {
      throw new Error(\`unknown option '\${flag}' (options: --epochs N, --limit N, --summary-json)\`);
    }
  }
  return options;
}

/** Uses TensorFlow's native backend from @tensorflow/tfjs-node when it loads, else plain tfjs on the CPU. */
async function chooseBackend(): Promise<string> {
  // A variable, not a literal, so the program also compiles where tfjs-node is not installed.
  const nativeBackend = '@tensorflow/tfjs-node';
  try {
    await import(nativeBackend);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\\n')[0] : String(error);
    console.warn(\`\${nativeBackend} did not load (\${reason});\`);
    console.warn('training runs on the CPU with @tensorflow/tfjs, which is slower.');
    await tf.setBackend('cpu');
  }
  await tf.ready();
  return tf.getBackend();
}

/** The folder with the four IDX files: the one DATA_DIR_VARIABLE names, or a download folder filled once. */
async function dataFolder(): Promise<string> {
  const named = process.env[DATA_DIR_VARIABLE];
  if (named) {
    if (!fs.existsSync(named)) throw new Error(\`\${DATA_DIR_VARIABLE} is \${named}, which does not exist\`);
    return named;
  }
  fs.mkdirSync(DOWNLOAD_FOLDER, { recursive: true });
  for (const name of FILES) {
    const target = path.join(DOWNLOAD_FOLDER, \`\${name}.gz\`);
    if (fs.existsSync(target) || fs.existsSync(path.join(DOWNLOAD_FOLDER, name))) continue;
    console.log(\`Downloading \${DOWNLOAD_URL}\${name}.gz\`);
    const response = await fetch(\`\${DOWNLOAD_URL}\${name}.gz\`);
    if (!response.ok) {
      const advice = \`fetch the files yourself and set \${DATA_DIR_VARIABLE}\`;
      throw new Error(\`downloading \${name}.gz failed (HTTP \${response.status}); \${advice}\`);
    }
    const partial = \`\${target}.part\`;
    fs.writeFileSync(partial, Buffer.from(await response.arrayBuffer()));
    fs.renameSync(partial, target);
  }
  return DOWNLOAD_FOLDER;
}

/** Reads an IDX file of unsigned bytes, gzipped or not: its dimensions and its values. */
function readIdx(folder: string, name: string, rank: number): { dims: number[]; values: Uint8Array } {
  const plain = path.join(folder, name);
  const file = [\`\${plain}.gz\`, plain].find((candidate) => fs.existsSync(candidate));
  if (!file) throw new Error(\`\${plain} (or \${name}.gz) is missing; the folder needs the four IDX files\`);
  let data = fs.readFileSync(file);
  if (data[0] === 0x1f && data[1] === 0x8b) data = gunzipSync(data);
  if (data.length < 4 + 4 * rank || data.readUInt16BE(0) !== 0 || data[2] !== 0x08 || data[3] !== rank) {
    throw new Error(\`\${file} is not an IDX file of \${rank}-dimensional unsigned bytes\`);
  }
  const dims = Array.from({ length: rank }, (_, i) => data.readUInt32BE(4 + 4 * i));
  const start = 4 + 4 * rank;
  const size = dims.reduce((a, d) => a * d, 1);
  if (data.length !== start + size) {
    throw new Error(\`\${file} holds \${data.length - start} values, but its header says \${size}\`);
  }
  return { dims, values: new Uint8Array(data.buffer, data.byteOffset + start, size) };
}

interface Split {
  images: tf.Tensor;
  labels: tf.Tensor;
}

/** One split ('train' or 't10k'): pixels scaled to [0, 1] and reshaped to the input, labels one-hot. */
function loadSplit(folder: string, prefix: string, limit: number | undefined): Split {
  const images = readIdx(folder, \`\${prefix}-images-idx3-ubyte\`, 3);
  const labels = readIdx(folder, \`\${prefix}-labels-idx1-ubyte\`, 1);
  const [count, rows, columns] = images.dims;
  if (rows * columns !== IMAGE_SIZE) {
    throw new Error(\`\${prefix} images are \${rows}×\${columns}; the network reads \${IMAGE_SIZE} pixels\`);
  }
  if (labels.dims[0] !== count) throw new Error(\`\${prefix} has \${count} images but \${labels.dims[0]} labels\`);
  const n = Math.min(limit ?? count, count);
  const pixels = Float32Array.from(images.values.subarray(0, n * IMAGE_SIZE), (v) => v / 255);
  const classes = Int32Array.from(labels.values.subarray(0, n));
  return {
    images: tf.tensor(pixels, [n, ...INPUT_SHAPE]),
    labels: tf.tidy(() => tf.oneHot(tf.tensor1d(classes, 'int32'), NUM_CLASSES).toFloat()),
  };
}

/** \`loss 0.3121, acc 0.9102\`: one epoch's logs on a line. */
function formatLogs(logs: tf.Logs | undefined): string {
  return Object.entries(logs ?? {})
    .map(([name, value]) => \`\${name} \${value.toFixed(4)}\`)
    .join(', ');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const backend = await chooseBackend();
  const folder = await dataFolder();
  const train = loadSplit(folder, 'train', options.limit);
  const test = loadSplit(folder, 't10k', options.limit);
  const [trainCount, testCount] = [train.images.shape[0], test.images.shape[0]];
  console.log(\`\${DATASET}: \${trainCount} training and \${testCount} test images; backend: \${backend}\`);

  const model = buildModel();
  model.summary();
  if (options.summaryJson) {
    const layers = model.layers.map((layer) => ({
      name: layer.name,
      className: layer.getClassName(),
      outputShape: layer.outputShape,
      params: layer.countParams(),
    }));
    console.log(JSON.stringify({ inputShapes: model.inputs.map((input) => input.shape), layers }));
  }
  compileModel(model);
`,
  `}

main().catch((error: unknown) => {
  console.error(\`Error: \${error instanceof Error ? error.message : String(error)}\`);
  process.exitCode = 1;
});
`,
];
