import { GRAPH_FORMAT, GRAPH_FORMAT_VERSION } from './document';
import { DocumentError } from './errors';
import { arrangeLayout } from './layout';

/**
 * Version 1 of the format was a plain stack: `layers: [{kind, config}]`, each layer
 * fed by the one before it, with no positions. Version 2 is a graph with edges.
 */
function fromVersion1(doc: Record<string, unknown>): Record<string, unknown> {
  const layers = doc.layers;
  if (!Array.isArray(layers)) throw new DocumentError('This version 1 NetCanvas file cannot be read', [{ path: 'layers', message: 'expected an array of layers' }]);
  const ids = layers.map((_, i) => `n${i + 1}`);
  const edges = ids.slice(1).map((id, i) => ({ id: `e${i + 1}`, source: ids[i], sourcePort: 'out', target: id, targetPort: 'in' }));
  const positions = arrangeLayout(ids, edges);
  const nodes = layers.map((layer: unknown, i) => {
    const l = (layer ?? {}) as Record<string, unknown>;
    return { id: ids[i], kind: l.kind, config: l.config ?? {}, position: positions.get(ids[i]) };
  });
  const { layers: _layers, ...rest } = doc;
  return { ...rest, version: 2, nodes, edges };
}

/**
 * Version 3 adds optional run settings to `training` (`backend`, `limit`, `testLimit`,
 * `seed`), so the Train view's settings are kept with the project. A version 2 file has
 * none of them and reads as it is.
 */
function fromVersion2(doc: Record<string, unknown>): Record<string, unknown> {
  return { ...doc, version: 3 };
}

const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = { 1: fromVersion1, 2: fromVersion2 };

/** Brings an older document up to the current version; refuses versions from the future. */
export function migrate(doc: Record<string, unknown>): Record<string, unknown> {
  let version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new DocumentError('This is not a NetCanvas graph file', [{ path: 'version', message: `expected a whole version number, got ${JSON.stringify(version) ?? 'nothing'}` }]);
  }
  if (version > GRAPH_FORMAT_VERSION) {
    throw new DocumentError(
      `This file was saved by a newer NetCanvas (format version ${version}; this one reads versions up to ${GRAPH_FORMAT_VERSION}). Update NetCanvas to open it`,
    );
  }
  let current = doc;
  while ((version as number) < GRAPH_FORMAT_VERSION) {
    current = MIGRATIONS[version as number](current);
    version = current.version;
  }
  return { ...current, format: GRAPH_FORMAT };
}
