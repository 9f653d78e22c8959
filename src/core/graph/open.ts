import { importKeras, isKerasJson, type ImportNote } from '../keras/fromKeras';
import type { GraphDocument } from './document';
import { DocumentError } from './errors';
import { isGraphDocumentJson, loadDocument, parseJson } from './load';

export interface OpenedGraph {
  readonly document: GraphDocument;
  readonly source: 'netcanvas' | 'keras' | 'tfjs' | 'onnx';
  readonly notes: readonly ImportNote[];
}

/** Reads any file NetCanvas opens as a graph: its own format, a Keras topology, a tfjs model.json. */
export function openGraphText(text: string, fileName = 'file'): OpenedGraph {
  const value = parseJson(text, fileName);
  if (isGraphDocumentJson(value)) return { document: loadDocument(value), source: 'netcanvas', notes: [] };
  if (isKerasJson(value)) {
    const base = fileName.replace(/^.*[\\/]/, '').replace(/\.json$/i, '');
    return importKeras(value, base);
  }
  throw new DocumentError(
    `${fileName} is neither a NetCanvas graph ("format": "netcanvas-graph") nor a Keras or TensorFlow.js model (with "class_name" or "modelTopology")`,
  );
}
