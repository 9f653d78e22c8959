import { layerSpec, LAYER_KIND_NAMES } from '../layers/catalogue';
import { documentSchema, GRAPH_FORMAT, type GraphDocument, type GraphGroup, type GraphNode } from './document';
import { DocumentError, jsonPath, type DocumentIssue } from './errors';
import { migrate } from './migrate';
import { zodIssues } from './zodIssues';
import { messageOf } from '../messageOf';
import { pathPastDepth, tooDeepMessage } from '../jsonLimits';

/** Larger files are refused before parsing: no real graph comes near it. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

export function parseJson(text: string, what = 'file'): unknown {
  if (text.length > MAX_DOCUMENT_BYTES) {
    throw new DocumentError(`The ${what} is ${(text.length / 2 ** 20).toFixed(1)} MiB; NetCanvas reads files of at most ${MAX_DOCUMENT_BYTES / 2 ** 20} MiB`);
  }
  if (text.trim() === '') throw new DocumentError(`The ${what} is empty`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = messageOf(error);
    throw new DocumentError(`The ${what} is not valid JSON (${detail}); it may be truncated or not a NetCanvas file`);
  }
  refuseDeep(value, `The ${what}`);
  return value;
}

/** Refuses a value nested past `MAX_JSON_DEPTH` before anything walks it recursively. */
export function refuseDeep(value: unknown, what: string): void {
  const deep = pathPastDepth(value);
  if (deep !== null) throw new DocumentError(tooDeepMessage(what, deep));
}

/**
 * The JSON paths of every own `__proto__` key (JSON.parse makes them own properties): the
 * schemas would drop them without a word. Walked with a stack of its own, so no depth
 * overflows it; at most 8 paths are gathered.
 */
function protoKeys(value: unknown): string[] {
  const found: string[] = [];
  const stack: [unknown, (string | number)[]][] = [[value, []]];
  while (stack.length > 0 && found.length < 8) {
    const [item, at] = stack.pop()!;
    if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) if (item[i] !== null && typeof item[i] === 'object') stack.push([item[i], [...at, i]]);
    } else if (item !== null && typeof item === 'object') {
      if (Object.prototype.hasOwnProperty.call(item, '__proto__')) found.push(jsonPath([...at, '__proto__']));
      for (const key of Object.keys(item).reverse()) {
        const child = (item as Record<string, unknown>)[key];
        if (child !== null && typeof child === 'object') stack.push([child, [...at, key]]);
      }
    }
  }
  return found;
}

export function isGraphDocumentJson(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === GRAPH_FORMAT;
}

/**
 * Checks a parsed `*.netcanvas.json` value field by field and returns the document
 * with every node's config completed with its kind's defaults. Throws a DocumentError
 * that lists every problem with its JSON path; nothing is half-loaded.
 */
export function loadDocument(value: unknown): GraphDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DocumentError('This is not a NetCanvas graph file: expected a JSON object');
  }
  if (!isGraphDocumentJson(value)) {
    throw new DocumentError(`This is not a NetCanvas graph file`, [{ path: 'format', message: `expected "${GRAPH_FORMAT}"` }]);
  }
  refuseDeep(value, 'This NetCanvas file');
  const hostile = protoKeys(value);
  if (hostile.length > 0) throw new DocumentError('This NetCanvas file has errors', hostile.map((path) => ({ path, message: 'a key named "__proto__" is not allowed' })));
  const migrated = migrate(value as Record<string, unknown>);
  const parsed = documentSchema.safeParse(migrated);
  if (!parsed.success) throw new DocumentError('This NetCanvas file has errors', zodIssues(parsed.error, '', migrated));
  const doc = parsed.data;

  const issues: DocumentIssue[] = [];
  const nodeIds = new Set<string>();
  const nodes: GraphNode[] = doc.nodes.map((node, i) => {
    if (nodeIds.has(node.id)) issues.push({ path: `nodes[${i}].id`, message: `'${node.id}' is used by another node` });
    nodeIds.add(node.id);
    const spec = layerSpec(node.kind);
    if (!spec) {
      issues.push({ path: `nodes[${i}].kind`, message: `unknown layer kind '${node.kind}' (known: ${LAYER_KIND_NAMES.join(', ')})` });
      return node as GraphNode;
    }
    const config = spec.schema.safeParse(node.config);
    if (!config.success) {
      issues.push(...zodIssues(config.error, `nodes[${i}].config`, node.config));
      return node as GraphNode;
    }
    return { ...node, config: config.data as Record<string, unknown> };
  });
  const edgeIds = new Set<string>();
  const seenLinks = new Set<string>();
  doc.edges.forEach((edge, i) => {
    if (edgeIds.has(edge.id)) issues.push({ path: `edges[${i}].id`, message: `'${edge.id}' is used by another edge` });
    edgeIds.add(edge.id);
    if (!nodeIds.has(edge.source)) issues.push({ path: `edges[${i}].source`, message: `no node has the id '${edge.source}'` });
    if (!nodeIds.has(edge.target)) issues.push({ path: `edges[${i}].target`, message: `no node has the id '${edge.target}'` });
    const link = `${edge.source}->${edge.target}`;
    if (seenLinks.has(link)) issues.push({ path: `edges[${i}]`, message: `'${edge.source}' is already connected to '${edge.target}'` });
    seenLinks.add(link);
  });
  issues.push(...groupIssues(doc.groups ?? [], nodeIds));
  if (issues.length > 0) throw new DocumentError('This NetCanvas file has errors', issues);
  const { groups, ...rest } = doc;
  return (groups && groups.length > 0 ? { ...rest, nodes, groups } : { ...rest, nodes }) as GraphDocument;
}

/** What is wrong with a document's groups: a repeated id, a member no node has, a node in two groups. */
function groupIssues(groups: readonly GraphGroup[], nodeIds: ReadonlySet<string>): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  const groupIds = new Set<string>();
  // Ids from the file are only ever Map keys, never property names.
  const owner = new Map<string, string>();
  groups.forEach((group, i) => {
    if (groupIds.has(group.id)) issues.push({ path: `groups[${i}].id`, message: `'${group.id}' is used by another group` });
    groupIds.add(group.id);
    const seen = new Set<string>();
    group.nodes.forEach((nodeId, j) => {
      const path = `groups[${i}].nodes[${j}]`;
      if (!nodeIds.has(nodeId)) issues.push({ path, message: `no node has the id '${nodeId}'` });
      else if (seen.has(nodeId)) issues.push({ path, message: `'${nodeId}' is listed twice in this group` });
      else if (owner.has(nodeId)) issues.push({ path, message: `'${nodeId}' is already in the group '${owner.get(nodeId)}'; a node belongs to one group at most` });
      seen.add(nodeId);
      if (!owner.has(nodeId)) owner.set(nodeId, group.id);
    });
  });
  return issues;
}

/** The document as it is saved: stable key order, two-space indent, a final newline. */
export function serializeDocument(doc: GraphDocument): string {
  const ordered = {
    format: GRAPH_FORMAT,
    version: doc.version,
    name: doc.name,
    nodes: doc.nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      ...(n.label !== undefined ? { label: n.label } : {}),
      config: n.config,
      position: { x: n.position.x, y: n.position.y },
    })),
    edges: doc.edges.map((e) => ({ id: e.id, source: e.source, sourcePort: e.sourcePort, target: e.target, targetPort: e.targetPort })),
    // Written only when there are groups, so a file without any reads in NetCanvas from before groups.
    ...(doc.groups && doc.groups.length > 0 ? { groups: doc.groups.map((g) => ({ id: g.id, name: g.name, nodes: [...g.nodes], collapsed: g.collapsed, ...(g.lifted !== undefined ? { lifted: g.lifted } : {}) })) } : {}),
    dataset: doc.dataset,
    training: doc.training,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
