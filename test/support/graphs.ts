import { GRAPH_FORMAT, GRAPH_FORMAT_VERSION, type GraphDocument } from '../../src/core/graph/document';
import { loadDocument } from '../../src/core/graph/load';

export type LayerLine = readonly [id: string, kind: string, config?: Record<string, unknown>];

/** A document whose layers run one after another, as a Keras Sequential model. */
export function stack(layers: readonly LayerLine[], extra: Record<string, unknown> = {}): GraphDocument {
  return loadDocument({
    format: GRAPH_FORMAT,
    version: GRAPH_FORMAT_VERSION,
    name: 'test',
    nodes: layers.map(([id, kind, config], i) => ({ id, kind, config: config ?? {}, position: { x: 0, y: i * 100 } })),
    edges: layers.slice(1).map(([id], i) => ({ id: `e${i}`, source: layers[i][0], target: id })),
    ...extra,
  });
}

/** A document from nodes and `[source, target]` pairs. */
export function graph(layers: readonly LayerLine[], links: readonly (readonly [string, string])[], extra: Record<string, unknown> = {}): GraphDocument {
  return loadDocument({
    format: GRAPH_FORMAT,
    version: GRAPH_FORMAT_VERSION,
    name: 'test',
    nodes: layers.map(([id, kind, config], i) => ({ id, kind, config: config ?? {}, position: { x: 0, y: i * 100 } })),
    edges: links.map(([source, target], i) => ({ id: `e${i}`, source, target })),
    ...extra,
  });
}

/**
 * Like `stack`, but without the loader's checks of each node's config: the editor holds
 * such documents while a person types, and analysis must report them.
 */
export function rawStack(layers: readonly LayerLine[]): GraphDocument {
  const valid = stack(layers.map(([id, kind]) => [id, kind] as const));
  return { ...valid, nodes: valid.nodes.map((n, i) => ({ ...n, config: layers[i][2] ?? {} })) };
}
