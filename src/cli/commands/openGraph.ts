import { openGraphText, type OpenedGraph } from '../../core/graph/open';
import { CliError } from '../args';
import { importOnnx, type ImportedOnnx } from '../../core/onnx/import';
import type { LayerWeights } from '../../core/onnx/lowering';
import { DocumentError } from '../../core/graph/errors';
import { readUserBytes, readUserFile, type CliIO } from '../io';

/** The largest ONNX file read (protobuf's own 2 GiB limit). */
const MAX_ONNX_BYTES = 2_000_000_000;

/** A graph opened by the CLI; an ONNX model's comes with its weights (by node id, tfjs's layout), the starting point of `train`. */
export interface OpenedGraphFile extends OpenedGraph {
  readonly weights?: ReadonlyMap<string, LayerWeights>;
}

/** Opens a NetCanvas graph, a Keras topology, a tfjs model.json or an ONNX model, saying what the import left out. */
export async function openGraphFile(io: CliIO, file: string | undefined, quiet = false): Promise<OpenedGraphFile> {
  if (!file) throw new CliError('name a graph file (a .netcanvas.json, a Keras model JSON, a tfjs model.json or an .onnx model).');
  if (/\.onnx$/i.test(file)) {
    const imported = await openOnnxFile(io, file);
    return { document: imported.document, source: 'onnx', notes: [], ...(imported.weights.size > 0 ? { weights: imported.weights } : {}) };
  }
  const opened = openGraphText(await readUserFile(io, file), file);
  if (!quiet && opened.notes.length > 0) {
    io.stderr(`note: ${file} was imported from ${opened.source === 'tfjs' ? 'TensorFlow.js' : 'Keras'}; these settings were not carried over:\n`);
    for (const n of opened.notes) io.stderr(`  - ${n.layer}: ${n.what}\n`);
  }
  return opened;
}

/** Reads and imports an ONNX model; what cannot be read is a CliError naming the file, node and operator. */
export async function openOnnxFile(io: CliIO, file: string): Promise<ImportedOnnx> {
  try {
    return importOnnx(await readUserBytes(io, file, MAX_ONNX_BYTES, 'an ONNX model'), file);
  } catch (error) {
    if (error instanceof DocumentError) throw new CliError(error.message);
    throw error;
  }
}
