import { z } from 'zod';
import { GRAPH_FORMAT, GRAPH_FORMAT_VERSION, MAX_GRAPH_NODES, MAX_GROUP_NAME, type GraphDocument, type GraphEdge, type GraphNode } from './document';
import { DocumentError, type DocumentIssue } from './errors';
import { groupById } from './groups';
import { loadDocument, parseJson } from './load';
import { zodIssues } from './zodIssues';

/**
 * "My blocks": groups saved to be added again to any graph. A block is its layers and the
 * edges between them, positions relative to the block's top-left corner; the list is kept
 * by the platform (the desktop's user data, a browser's localStorage) as one JSON text,
 * checked here, layer by layer, whenever it is read.
 */

export const BLOCKS_FORMAT = 'netcanvas-blocks';
export const BLOCKS_FORMAT_VERSION = 1;
/** The most blocks kept. */
export const MAX_BLOCKS = 100;

export interface Block {
  readonly name: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

const blocksFileSchema = z
  .object({
    format: z.literal(BLOCKS_FORMAT),
    version: z.literal(BLOCKS_FORMAT_VERSION),
    blocks: z
      .array(
        z
          .object({
            name: z.string().trim().min(1, 'a block needs a name').max(MAX_GROUP_NAME),
            // Checked as a graph of their own by loadDocument.
            nodes: z.array(z.unknown()).min(1, 'a block holds at least one layer').max(MAX_GRAPH_NODES),
            edges: z.array(z.unknown()).max(10_000),
          })
          .strict(),
      )
      .max(MAX_BLOCKS, `at most ${MAX_BLOCKS} blocks are kept`),
  })
  .strict();

/** The block a group makes: its members and the edges between them, placed from (0, 0). */
export function blockFromGroup(doc: GraphDocument, groupId: string): Block {
  const group = groupById(doc, groupId);
  if (!group) throw new Error(`No group has the id '${groupId}'`);
  const members = new Set(group.nodes);
  const nodes = doc.nodes.filter((n) => members.has(n.id));
  const left = Math.min(...nodes.map((n) => n.position.x));
  const top = Math.min(...nodes.map((n) => n.position.y));
  return {
    name: group.name,
    nodes: nodes.map((n) => ({ ...n, position: { x: n.position.x - left, y: n.position.y - top } })),
    edges: doc.edges.filter((e) => members.has(e.source) && members.has(e.target)),
  };
}

/** The blocks as they are stored: stable key order, two-space indent. */
export function serializeBlocks(blocks: readonly Block[]): string {
  if (blocks.length > MAX_BLOCKS) throw new DocumentError(`At most ${MAX_BLOCKS} blocks are kept; remove one before saving another`);
  const ordered = {
    format: BLOCKS_FORMAT,
    version: BLOCKS_FORMAT_VERSION,
    blocks: blocks.map((b) => ({
      name: b.name,
      nodes: b.nodes.map((n) => ({ id: n.id, kind: n.kind, ...(n.label !== undefined ? { label: n.label } : {}), config: n.config, position: { x: n.position.x, y: n.position.y } })),
      edges: b.edges.map((e) => ({ id: e.id, source: e.source, sourcePort: e.sourcePort, target: e.target, targetPort: e.targetPort })),
    })),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/**
 * Reads the stored blocks; throws a DocumentError listing every problem with its path (a
 * block's layers are checked as a graph is: ids, kinds, settings, edges). Nothing is half-read.
 */
export function loadBlocks(text: string): Block[] {
  const value = parseJson(text, 'blocks list');
  const parsed = blocksFileSchema.safeParse(value);
  if (!parsed.success) throw new DocumentError('The saved blocks cannot be read', zodIssues(parsed.error, '', value));
  const issues: DocumentIssue[] = [];
  const blocks: Block[] = [];
  parsed.data.blocks.forEach((b, i) => {
    try {
      const doc = loadDocument({ format: GRAPH_FORMAT, version: GRAPH_FORMAT_VERSION, name: 'block', nodes: b.nodes, edges: b.edges });
      blocks.push({ name: b.name, nodes: doc.nodes, edges: doc.edges });
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      const found = error.issues.length > 0 ? error.issues : [{ path: '', message: error.message }];
      for (const issue of found) issues.push({ path: `blocks[${i}]${issue.path ? `.${issue.path}` : ''}`, message: issue.message });
    }
  });
  if (issues.length > 0) throw new DocumentError('The saved blocks cannot be read', issues);
  return blocks;
}
