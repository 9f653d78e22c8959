import { openGraphText, type OpenedGraph } from '../../core/graph/open';
import { CliError } from '../args';
import { importOnnx } from '../../core/onnx/import';
import { DocumentError } from '../../core/graph/errors';
import { readUserBytes, readUserFile, type CliIO } from '../io';

/** The largest ONNX file read (protobuf's own 2 GiB limit). */
const MAX_ONNX_BYTES = 2_000_000_000;

/** Opens a NetCanvas graph, a Keras topology or a tfjs model.json, saying what the import left out. */
export async function openGraphFile(io: CliIO, file: string | undefined, quiet = false): Promise<OpenedGraph> {
  if (!file) throw new CliError('name a graph file (a .netcanvas.json, a Keras model JSON, a tfjs model.json or an .onnx model).');
  if (/\.onnx$/i.test(file)) {
    try {
      const imported = importOnnx(await readUserBytes(io, file, MAX_ONNX_BYTES, 'an ONNX model'), file);
      // The imported weights are not yet handed to training (TrainRequest carries no starting weights).
      if (!quiet && imported.weights.size > 0) io.stderr(`note: ${file}'s weights are read but not yet carried over: training starts from fresh weights.\n`);
      return { document: imported.document, source: 'onnx', notes: [] };
    } catch (error) {
      if (error instanceof DocumentError) throw new CliError(error.message);
      throw error;
    }
  }
  const opened = openGraphText(await readUserFile(io, file), file);
  if (!quiet && opened.notes.length > 0) {
    io.stderr(`note: ${file} was imported from ${opened.source === 'tfjs' ? 'TensorFlow.js' : 'Keras'}; these settings were not carried over:\n`);
    for (const n of opened.notes) io.stderr(`  - ${n.layer}: ${n.what}\n`);
  }
  return opened;
}
