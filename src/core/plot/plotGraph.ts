import { analyseGraph, type GraphAnalysis } from '../graph/analyse';
import type { GraphDocument, GraphNode } from '../graph/document';
import { layeredLayout, LAYOUT_COLUMN, LAYOUT_ROW } from '../graph/layout';
import type { LayerGroup } from '../layers/spec';
import { formatShape } from '../shapes/shape';
import { element, escapeXml, round } from './xml';

export interface PlotOptions {
  /**
   * `positions`: where the nodes sit on the canvas; `layered`: top to bottom by depth, as
   * Keras's plot_model; `auto` (the default): the canvas positions unless boxes would overlap.
   */
  readonly layout?: 'auto' | 'positions' | 'layered';
  /** Input and output shapes in each box, as plot_model's show_shapes (default true). */
  readonly showShapes?: boolean;
  /** The graph's name and parameter count above the drawing (default true). */
  readonly showTitle?: boolean;
}

/** The font the picture asks for; DejaVu Sans is what the PNG renderer loads. */
export const PLOT_FONT_FAMILY = 'DejaVu Sans, Arial, sans-serif';

const FONT_SIZE = 12;
const HEADER_SIZE = 13;
/** Rough advance widths of DejaVu Sans, in ems, to size boxes to their text. */
const CHAR_EM = 0.62;
const HEADER_CHAR_EM = 0.68;
const PADDING = 12;
const LINE = 17;
const MIN_WIDTH = 190;
const MARGIN = 24;
const TITLE_HEIGHT = 46;

const FILL: Record<LayerGroup, string> = {
  input: '#e3eefb',
  core: '#e6f4e4',
  convolution: '#fdeedd',
  pooling: '#fae6ee',
  recurrent: '#ece6fb',
  normalization: '#e0f4f3',
  merge: '#eeeeee',
};

interface Box {
  readonly node: GraphNode;
  readonly lines: readonly { text: string; kind: 'header' | 'caption' | 'shape' }[];
  readonly width: number;
  readonly height: number;
  readonly hasError: boolean;
  x: number;
  y: number;
}

function shapesText(shapes: readonly (readonly (number | null)[] | null)[]): string {
  if (shapes.length === 0) return '–';
  const parts = shapes.map((s) => (s ? formatShape(s) : '?'));
  return parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
}

function makeBox(node: GraphNode, analysis: GraphAnalysis, showShapes: boolean, errorNodes: ReadonlySet<string>): Box {
  const a = analysis.nodes.get(node.id);
  const header = `${node.label ?? node.id} (${node.kind})`;
  const caption = a?.spec && a.config ? a.spec.caption(a.config) : '';
  const params = a?.params ? a.params.trainable + a.params.nonTrainable : 0;
  const details = [caption, params > 0 ? `${params.toLocaleString('en-US')} params` : ''].filter(Boolean).join(' · ');
  const incoming = analysis.topology.incoming.get(node.id) ?? [];
  const inputs = incoming.map((e) => analysis.nodes.get(e.source)?.outputShape ?? null);
  const lines: Box['lines'][number][] = [{ text: header, kind: 'header' }];
  if (details) lines.push({ text: details, kind: 'caption' });
  if (showShapes) {
    if (node.kind !== 'Input') lines.push({ text: `input: ${shapesText(inputs)}`, kind: 'shape' });
    lines.push({ text: `output: ${a?.outputShape ? formatShape(a.outputShape) : '?'}`, kind: 'shape' });
  }
  const textWidth = Math.max(...lines.map((l) => l.text.length * (l.kind === 'header' ? HEADER_CHAR_EM * HEADER_SIZE : CHAR_EM * FONT_SIZE)));
  return {
    node,
    lines,
    width: Math.max(MIN_WIDTH, Math.ceil(textWidth + 2 * PADDING)),
    height: PADDING + LINE * lines.length + PADDING / 2 + 4,
    hasError: errorNodes.has(node.id),
    x: 0,
    y: 0,
  };
}

function overlaps(boxes: readonly Box[]): boolean {
  return boxes.some((a, i) =>
    boxes.slice(i + 1).some((b) => a.x < b.x + b.width + 8 && b.x < a.x + a.width + 8 && a.y < b.y + b.height + 16 && b.y < a.y + a.height + 16),
  );
}

/** Places boxes top to bottom by depth; layeredLayout's centres are stretched to fit the widest and tallest box. */
function placeLayered(doc: GraphDocument, boxes: readonly Box[]): void {
  const centres = layeredLayout(doc.nodes.map((n) => n.id), doc.edges);
  const widest = Math.max(...boxes.map((b) => b.width));
  const tallest = Math.max(...boxes.map((b) => b.height));
  const sx = (widest + 40) / LAYOUT_COLUMN;
  const sy = (tallest + 48) / LAYOUT_ROW;
  for (const box of boxes) {
    const c = centres.get(box.node.id)!;
    box.x = c.x * sx - box.width / 2;
    box.y = c.y * sy;
  }
}

/** Where an edge leaves its source and enters its target: spread along the facing sides. */
function edgePath(source: Box, target: Box, exitIndex: number, exits: number, entryIndex: number, entries: number): string {
  const sx = source.x + (source.width * (exitIndex + 1)) / (exits + 1);
  const tx = target.x + (target.width * (entryIndex + 1)) / (entries + 1);
  if (target.y >= source.y + source.height) {
    const sy = source.y + source.height;
    const ty = target.y - 2;
    const bend = Math.max(20, (ty - sy) / 2);
    return `M${round(sx)},${round(sy)} C${round(sx)},${round(sy + bend)} ${round(tx)},${round(ty - bend)} ${round(tx)},${round(ty)}`;
  }
  // A target beside or above its source (a hand-made layout): a straight line between the boxes' sides.
  const from = { x: source.x + source.width / 2, y: source.y + source.height / 2 };
  const to = { x: target.x + target.width / 2, y: target.y + target.height / 2 };
  const clip = (box: Box, p: { x: number; y: number }, q: { x: number; y: number }) => {
    const dx = q.x - p.x;
    const dy = q.y - p.y;
    const t = Math.min(dx === 0 ? Infinity : box.width / 2 / Math.abs(dx), dy === 0 ? Infinity : box.height / 2 / Math.abs(dy));
    return { x: p.x + dx * t, y: p.y + dy * t };
  };
  const a = clip(source, from, to);
  const b = clip(target, to, from);
  return `M${round(a.x)},${round(a.y)} L${round(b.x)},${round(b.y)}`;
}

/**
 * A picture of the graph as an SVG document, like Keras's `plot_model(show_shapes=True)`:
 * a box per layer with its name, kind, key settings and input and output shapes, and an
 * arrow per connection. Layers with problems have a red border. Pure string building.
 */
export function plotGraphSvg(doc: GraphDocument, options: PlotOptions = {}): string {
  const analysis = analyseGraph(doc);
  const errorNodes = new Set(analysis.problems.filter((p) => p.severity === 'error' && p.nodeId).map((p) => p.nodeId!));
  // One width for every box, as plot_model draws them, so a stack lines up in a straight column.
  const sized = doc.nodes.map((n) => makeBox(n, analysis, options.showShapes ?? true, errorNodes));
  const width = Math.max(0, ...sized.map((b) => b.width));
  const boxes = sized.map((b) => ({ ...b, width }));
  const layout = options.layout ?? 'auto';
  if (layout !== 'layered') {
    // Positions are read as each box's top centre, as the automatic layout places them.
    for (const box of boxes) {
      box.x = box.node.position.x - box.width / 2;
      box.y = box.node.position.y;
    }
  }
  if (layout === 'layered' || (layout === 'auto' && overlaps(boxes))) placeLayered(doc, boxes);

  const showTitle = options.showTitle ?? true;
  const top = MARGIN + (showTitle ? TITLE_HEIGHT : 0);
  const minX = Math.min(0, ...boxes.map((b) => b.x));
  const minY = Math.min(...boxes.map((b) => b.y), 0);
  for (const box of boxes) {
    box.x += MARGIN - minX;
    box.y += top - minY;
  }
  const title = `${doc.name}`;
  const subtitle = `${doc.nodes.length} layer${doc.nodes.length === 1 ? '' : 's'} · ${analysis.totals.total.toLocaleString('en-US')} parameters`;
  const pictureWidth = Math.ceil(Math.max(...boxes.map((b) => b.x + b.width), showTitle ? title.length * HEADER_CHAR_EM * 16 + MARGIN : 0, 120) + MARGIN);
  const pictureHeight = Math.ceil(Math.max(...boxes.map((b) => b.y + b.height), top) + MARGIN);

  const byId = new Map(boxes.map((b) => [b.node.id, b]));
  const edges = doc.edges.flatMap((edge) => {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) return [];
    const outs = doc.edges.filter((e) => e.source === edge.source);
    const ins = doc.edges.filter((e) => e.target === edge.target);
    const d = edgePath(source, target, outs.indexOf(edge), outs.length, ins.indexOf(edge), ins.length);
    return [element('path', { d, class: 'edge', 'data-source': edge.source, 'data-target': edge.target, fill: 'none', stroke: '#555', 'stroke-width': 1.4, 'marker-end': 'url(#arrow)' })];
  });

  const nodes = boxes.map((box) => {
    const group = analysis.nodes.get(box.node.id)?.spec?.group;
    const texts = box.lines.map((line, i) => {
      const y = box.y + PADDING + LINE * i + (line.kind === 'header' ? HEADER_SIZE : FONT_SIZE) - 2;
      const style =
        line.kind === 'header'
          ? { 'font-size': HEADER_SIZE, 'font-weight': 'bold', fill: '#1a1a1a' }
          : { 'font-size': FONT_SIZE, fill: line.kind === 'caption' ? '#555555' : '#222222' };
      return element('text', { x: box.x + PADDING, y, ...style }, escapeXml(line.text));
    });
    const rect = element('rect', {
      x: box.x,
      y: box.y,
      width: box.width,
      height: box.height,
      rx: 6,
      fill: group ? FILL[group] : '#ffffff',
      stroke: box.hasError ? '#c62828' : '#6b6b6b',
      'stroke-width': box.hasError ? 2.2 : 1.2,
    });
    return element('g', { class: box.hasError ? 'layer problem' : 'layer', 'data-node': box.node.id }, [rect, ...texts].join(''));
  });

  const heading = showTitle
    ? [
        element('text', { x: MARGIN, y: MARGIN + 16, 'font-size': 16, 'font-weight': 'bold', fill: '#1a1a1a' }, escapeXml(title)),
        element('text', { x: MARGIN, y: MARGIN + 34, 'font-size': FONT_SIZE, fill: '#555555' }, escapeXml(subtitle)),
      ]
    : [];
  const defs = element(
    'defs',
    {},
    element('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, element('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#555' })),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${pictureWidth}" height="${pictureHeight}" viewBox="0 0 ${pictureWidth} ${pictureHeight}" font-family="${escapeXml(PLOT_FONT_FAMILY)}">`,
    element('title', {}, escapeXml(`${doc.name}: ${subtitle}`)),
    defs,
    element('rect', { x: 0, y: 0, width: pictureWidth, height: pictureHeight, fill: '#ffffff' }),
    ...heading,
    ...edges,
    ...nodes,
    '</svg>',
    '',
  ].join('\n');
}
