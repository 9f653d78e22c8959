import type { EngineExportFormatId } from '../../core/export/formats';
import type { GraphDocument } from '../../core/graph/document';
import { exportOnnxFile, type OnnxExportSource } from './onnx';

/** Where a model file's weights come from, and how its metadata names the producer. */
export type ModelExportSource = OnnxExportSource;

/**
 * How the engine writes each format the registry (core/export/formats) marks as an engine
 * format: the CLI's `export --format` and the API's `exportModel` both go through here.
 */
const WRITERS: Readonly<Record<EngineExportFormatId, (doc: GraphDocument, source: ModelExportSource) => Promise<Uint8Array>>> = {
  onnx: exportOnnxFile,
};

/** The graph as a file of an engine format; tfjs needs a backend in this process first. */
export function writeEngineFormat(format: EngineExportFormatId, doc: GraphDocument, source: ModelExportSource): Promise<Uint8Array> {
  if (!Object.prototype.hasOwnProperty.call(WRITERS, format)) throw new Error(`The engine writes no format '${String(format)}'`);
  return WRITERS[format](doc, source);
}
