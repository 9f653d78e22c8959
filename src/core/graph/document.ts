import { z } from 'zod';
import { datasetSchema, trainingSchema, type DatasetConfig, type TrainingConfig } from '../training/config';

/** The current version of the `*.netcanvas.json` format. */
export const GRAPH_FORMAT_VERSION = 3;
export const GRAPH_FORMAT = 'netcanvas-graph';

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'an id starts with a letter and holds letters, digits, _ and - only');

export const nodeSchema = z
  .object({
    id,
    kind: z.string().min(1).max(64),
    /** Checked against the layer kind's own schema once the document has loaded. */
    config: z.record(z.unknown()).default({}),
    position: z.object({ x: z.number().finite(), y: z.number().finite() }).strict(),
    label: z.string().max(200).optional(),
  })
  .strict();

export const edgeSchema = z
  .object({
    id,
    source: id,
    sourcePort: z.literal('out').default('out'),
    target: id,
    targetPort: z.literal('in').default('in'),
  })
  .strict();

/** The most nodes a graph holds. */
export const MAX_GRAPH_NODES = 2000;

/** The longest name a group (and a saved block) may have. */
export const MAX_GROUP_NAME = 100;

/**
 * A named group of nodes, drawn as one block when collapsed (see `groups.ts`). Presentation
 * only: code generation, export and training never read it. The checks that need the whole
 * document (members exist, no node in two groups) are `loadDocument`'s.
 */
export const groupSchema = z
  .object({
    id,
    name: z.string().trim().min(1, 'a group needs a name').max(MAX_GROUP_NAME),
    nodes: z.array(id).min(1, 'a group holds at least one node').max(MAX_GRAPH_NODES),
    collapsed: z.boolean().default(false),
    lifted: z.number().finite().positive().optional(),
  })
  .strict();

export const documentSchema = z
  .object({
    format: z.literal(GRAPH_FORMAT),
    version: z.literal(GRAPH_FORMAT_VERSION),
    name: z.string().max(200).default('Untitled'),
    nodes: z.array(nodeSchema).max(MAX_GRAPH_NODES),
    edges: z.array(edgeSchema).max(10_000),
    /** Absent in files from before groups, and in files without any. */
    groups: z.array(groupSchema).max(MAX_GRAPH_NODES).optional(),
    dataset: datasetSchema.default({}),
    training: trainingSchema.default({}),
  })
  .strict();

export interface GraphNode {
  readonly id: string;
  readonly kind: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly position: { readonly x: number; readonly y: number };
  readonly label?: string;
}

export interface GraphEdge {
  readonly id: string;
  readonly source: string;
  readonly sourcePort: 'out';
  readonly target: string;
  readonly targetPort: 'in';
}

export interface GraphGroup {
  readonly id: string;
  readonly name: string;
  /** The member node ids, each in no other group. */
  readonly nodes: readonly string[];
  /** Drawn as one node (true) or as its members inside a labelled frame (false). */
  readonly collapsed: boolean;
  /**
   * How far collapsing moved the layers below the group up, in canvas pixels, to close the
   * space its members left (see `setCollapsed`); expanding moves them down again by as much.
   * Absent when nothing was moved.
   */
  readonly lifted?: number;
}

/** A network drawn on the canvas, with what it trains on and how. Plain data, never mutated. */
export interface GraphDocument {
  readonly format: typeof GRAPH_FORMAT;
  readonly version: typeof GRAPH_FORMAT_VERSION;
  readonly name: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** Named groups of nodes (presentation only); absent means none. */
  readonly groups?: readonly GraphGroup[];
  readonly dataset: DatasetConfig;
  readonly training: TrainingConfig;
}

export function emptyDocument(name = 'Untitled'): GraphDocument {
  return documentSchema.parse({ format: GRAPH_FORMAT, version: GRAPH_FORMAT_VERSION, name, nodes: [], edges: [] }) as GraphDocument;
}
