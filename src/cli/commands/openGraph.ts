import { openGraphText, type OpenedGraph } from '../../core/graph/open';
import { CliError } from '../args';
import { readUserFile, type CliIO } from '../io';

/** Opens a NetCanvas graph, a Keras topology or a tfjs model.json, saying what the import left out. */
export async function openGraphFile(io: CliIO, file: string | undefined, quiet = false): Promise<OpenedGraph> {
  if (!file) throw new CliError('name a graph file (a .netcanvas.json, a Keras model JSON or a tfjs model.json).');
  const opened = openGraphText(await readUserFile(io, file), file);
  if (!quiet && opened.notes.length > 0) {
    io.stderr(`note: ${file} was imported from ${opened.source === 'tfjs' ? 'TensorFlow.js' : 'Keras'}; these settings were not carried over:\n`);
    for (const n of opened.notes) io.stderr(`  - ${n.layer}: ${n.what}\n`);
  }
  return opened;
}
