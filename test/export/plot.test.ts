import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { analyseGraph } from '../../src/core/graph/analyse';
import { plotGraphSvg } from '../../src/core/plot/plotGraph';
import { formatShape } from '../../src/core/shapes/shape';
import { svgToPng } from '../../src/cli/png';
import { graph } from '../support/graphs';
import { EXPORT_GRAPHS } from './graphs';

/**
 * Pictures of graphs: resvg's strict XML and SVG parser (roxmltree + usvg) is the oracle
 * that the SVG is well-formed; the text must name every layer and its shapes, each edge
 * must be drawn once, and the PNG must be a real PNG of the picture's size.
 */
const BROKEN = {
  name: 'a graph with problems',
  doc: () =>
    graph(
      [['in', 'Input', { shape: [784] }], ['conv', 'Conv2D'], ['d', 'Dense', { units: 10 }], ['odd', 'Dense', { units: 3 }]],
      [['in', 'conv'], ['conv', 'd']],
      { name: 'Broken <graph> & "quotes"' },
    ),
};

const CASES = [...EXPORT_GRAPHS, BROKEN].flatMap((g) =>
  (['auto', 'positions', 'layered'] as const).map((layout) => ({ ...g, layout, title: `${g.name} (${layout})` })),
);

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'));

describe('plotGraphSvg', () => {
  it.each(CASES)('$title', ({ doc: make, layout }) => {
    const doc = make();
    const svg = plotGraphSvg(doc, { layout });
    const rendered = new Resvg(svg);
    expect(rendered.width).toBeGreaterThan(100);
    expect(rendered.height).toBeGreaterThan(100);

    const analysis = analyseGraph(doc);
    const lines = texts(svg);
    expect(lines[0]).toBe(doc.name);
    for (const node of doc.nodes) {
      expect(lines).toContain(`${node.id} (${node.kind})`);
      const out = analysis.nodes.get(node.id)!.outputShape;
      expect(lines).toContain(`output: ${out ? formatShape(out) : '?'}`);
    }
    for (const edge of doc.edges) {
      expect(svg.match(new RegExp(`data-source="${edge.source}" data-target="${edge.target}"`, 'g'))).toHaveLength(1);
    }
    const broken = new Set(analysis.problems.filter((p) => p.severity === 'error' && p.nodeId).map((p) => p.nodeId));
    expect([...svg.matchAll(/class="layer problem" data-node="([^"]+)"/g)].map((m) => m[1]).sort()).toEqual([...broken].sort());
  });

  it('draws the input shapes of a merge as a list, and leaves shapes out when asked', () => {
    const doc = EXPORT_GRAPHS.find((g) => g.name.startsWith('residual'))!.doc();
    expect(texts(plotGraphSvg(doc))).toContain('input: [(None, 32), (None, 32)]');
    expect(texts(plotGraphSvg(doc, { showShapes: false })).some((t) => t.startsWith('input:') || t.startsWith('output:'))).toBe(false);
  });

  it('keeps the canvas positions unless the boxes would overlap', () => {
    const doc = EXPORT_GRAPHS[0].doc();
    const squeezed = { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })) };
    const rects = (svg: string) => [...svg.matchAll(/<g class="layer[^"]*" data-node="[^"]+"><rect x="([\d.-]+)" y="([\d.-]+)"/g)].map((m) => `${m[1]},${m[2]}`);
    expect(new Set(rects(plotGraphSvg(squeezed, { layout: 'positions' }))).size).toBe(1);
    expect(new Set(rects(plotGraphSvg(squeezed))).size).toBe(doc.nodes.length);
  });
});

describe('svgToPng', () => {
  it('renders a PNG twice the picture size, with text drawn', () => {
    const svg = plotGraphSvg(EXPORT_GRAPHS[1].doc());
    const png = Buffer.from(svgToPng(svg, 2));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const size = new Resvg(svg);
    expect(png.readUInt32BE(16)).toBe(size.width * 2);
    expect(png.readUInt32BE(20)).toBe(size.height * 2);
    const withoutText = Buffer.from(svgToPng(svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''), 2));
    expect(png.length).toBeGreaterThan(withoutText.length + 10_000);
  });
});
