import { generateModelModule } from '../codegen/modelModule';
import { generateTrainingProgram } from '../codegen/trainingProgram';
import type { GraphDocument } from '../graph/document';
import { toKerasFile, toTfjsModelJson } from '../keras/toKeras';
import { generatePytorchProgram } from '../pytorch/program';

/**
 * The formats a graph exports to: one entry each, read by `netcanvas export --format`
 * (its choices, help and errors) and by the app's Export panel (its tabs). A pure format
 * is written here from the document alone; an engine format needs tfjs (weights), so
 * the CLI, which runs in Node, supplies its writer and the app does not offer it yet.
 */
interface FormatFacts {
  /** The `--format` value, and the panel tab's id. */
  readonly id: string;
  /** The panel's tab. */
  readonly label: string;
  /** What the file is, as a phrase: the CLI's help and its "Wrote FILE: …" line. */
  readonly describe: string;
  /** The panel's line under its tabs. */
  readonly hint: string;
  /** The file name to save a graph named `base` (see exportBaseName) under. */
  fileName(base: string): string;
  readonly mime: string;
}

export interface PureExportFormat extends FormatFacts {
  readonly engine?: false;
  readonly binary?: false;
  readonly takesRun?: false;
  /**
   * The file's text. `fileName` is the name it will be saved under (a training program names
   * itself in its "run it" line); undefined when printed, and the writer picks its own default.
   */
  write(doc: GraphDocument, options: { fileName?: string }): string;
}

export interface EngineExportFormat extends FormatFacts {
  readonly engine: true;
  /** Writes bytes rather than text. */
  readonly binary: boolean;
  /** Takes `--run`: the weights of a trained run. */
  readonly takesRun: boolean;
}

export type ExportFormat = PureExportFormat | EngineExportFormat;

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** Every export format, in the order the CLI lists them and the panel shows them. */
export const EXPORT_FORMATS = [
  {
    id: 'ts',
    label: 'Training program',
    describe: 'a TypeScript program that trains the network on MNIST with TensorFlow.js',
    hint: 'A complete TypeScript program: loads MNIST, builds the model, trains and evaluates it.',
    fileName: (base) => `train-${base}.ts`,
    mime: 'text/typescript',
    write: (doc, { fileName }) => generateTrainingProgram(doc, { fileName }),
  },
  {
    id: 'model',
    label: 'Model module',
    describe: 'a TypeScript module exporting buildModel()',
    hint: 'One exported buildModel() function to use in your own code.',
    fileName: (base) => `${base}-model.ts`,
    mime: 'text/typescript',
    write: (doc) => generateModelModule(doc),
  },
  {
    id: 'keras',
    label: 'Keras JSON',
    describe: 'Keras model JSON (model.to_json() with its training_config)',
    hint: 'The model as Keras’s model.to_json() writes it, with its training_config: keras.models.model_from_json reads it.',
    fileName: (base) => `${base}.keras.json`,
    mime: 'application/json',
    write: (doc) => json(toKerasFile(doc)),
  },
  {
    id: 'tfjs',
    label: 'tfjs model.json',
    describe: 'a TensorFlow.js model.json topology, without weights',
    hint: 'A TensorFlow.js model.json topology without weights: tf.loadLayersModel builds it freshly initialised.',
    fileName: (base) => `${base}.model.json`,
    mime: 'application/json',
    write: (doc) => json(toTfjsModelJson(doc)),
  },
  {
    id: 'onnx',
    label: 'ONNX',
    describe: 'an ONNX model (opset 17) with a run’s trained weights (--run), else freshly initialised ones',
    hint: 'An ONNX model (opset 17) with a trained run’s weights.',
    fileName: (base) => `${base}.onnx`,
    mime: 'application/octet-stream',
    engine: true,
    binary: true,
    takesRun: true,
  },
  {
    id: 'pytorch',
    label: 'PyTorch program',
    describe: 'a Python program that trains the network with PyTorch, on one process or many (torchrun)',
    hint: 'One PyTorch program: python3 train.py on one machine, torchrun --nproc_per_node=N train.py on many (see docs/scale-out.md).',
    fileName: (base) => `train-${base}.py`,
    mime: 'text/x-python',
    write: (doc, { fileName }) => generatePytorchProgram(doc, { fileName: fileName ?? 'train.py' }),
  },
] as const satisfies readonly ExportFormat[];

export type ExportFormatId = (typeof EXPORT_FORMATS)[number]['id'];
/** The ids of the formats the engine writes: each needs a writer where the engine runs. */
export type EngineExportFormatId = Extract<(typeof EXPORT_FORMATS)[number], { engine: true }>['id'];

type EngineFormatEntry = Extract<(typeof EXPORT_FORMATS)[number], { engine: true }>;

/** The formats the engine writes (the API's `exportModel` takes their ids), in the registry's order. */
export const ENGINE_EXPORT_FORMATS: readonly EngineFormatEntry[] = EXPORT_FORMATS.filter((f): f is EngineFormatEntry => 'engine' in f && f.engine === true);

/** Their ids, as a non-empty list for a schema. */
export const ENGINE_EXPORT_FORMAT_IDS = ENGINE_EXPORT_FORMATS.map((f) => f.id) as [EngineExportFormatId, ...EngineExportFormatId[]];

/** The formats written from the document alone, as the app's Export panel offers them. */
export const PURE_EXPORT_FORMATS: readonly PureExportFormat[] = (EXPORT_FORMATS as readonly ExportFormat[]).filter((f): f is PureExportFormat => f.engine !== true);

/** The format with this id, or undefined (an id from a command line is never used as a property name). */
export function exportFormat(id: string): ExportFormat | undefined {
  return (EXPORT_FORMATS as readonly ExportFormat[]).find((f) => f.id === id);
}

/** A graph's name as the start of a file name: `My CNN` → `my-cnn`; `network` when nothing is left. */
export function exportBaseName(name: string): string {
  return name.trim().replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'network';
}
