import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, type ExportFormat, type PureExportFormat } from '../../src/core/export/formats';
import { analyseGraph } from '../../src/core/graph/analyse';
import { blockFromGroup, loadBlocks, serializeBlocks } from '../../src/core/graph/blocks';
import { emptyDocument, type GraphDocument, type GraphGroup } from '../../src/core/graph/document';
import { arrangeLayout, LAYOUT_ROW } from '../../src/core/graph/layout';
import { DocumentError } from '../../src/core/graph/errors';
import { groupNodes, groupSelected, groupsOf, groupSummary, pruneGroups, renameGroup, setCollapsed, toggleCollapsed, ungroup } from '../../src/core/graph/groups';
import { loadDocument, serializeDocument } from '../../src/core/graph/load';
import { formatShape } from '../../src/core/shapes/shape';
import { toKerasModel } from '../../src/core/keras/toKeras';
import { buildModel } from '../../src/engine/compile/compile';
import { graph, stack, type LayerLine } from '../support/graphs';
import { tfjsLayers } from '../support/tfOracle';

const cnnJson = JSON.parse(readFileSync(path.resolve(__dirname, '../../resources/templates/cnn.json'), 'utf8'));
const cnn = (): GraphDocument => loadDocument(cnnJson);
const CNN_RUN = ['conv2d_1', 'max_pooling2d_1', 'conv2d_2', 'max_pooling2d_2', 'conv2d_3'];

const withoutLift = ({ lifted: _lifted, ...group }: GraphGroup): Omit<GraphGroup, 'lifted'> => group;

function grouped(doc: GraphDocument, ids: readonly string[], name?: string): { doc: GraphDocument; id: string } {
  const result = groupNodes(doc, ids, name);
  if (!result.ok) throw new Error(result.reason);
  return result;
}

const branches: LayerLine[] = [
  ['in', 'Input', { shape: [784] }],
  ['a', 'Dense', { units: 32 }],
  ['b', 'Dense', { units: 16 }],
  ['c', 'Dense', { units: 32 }],
  ['s', 'Add'],
  ['out', 'Dense', { units: 10 }],
];
const branchLinks: [string, string][] = [
  ['in', 'a'],
  ['in', 'b'],
  ['b', 'c'],
  ['a', 's'],
  ['c', 's'],
  ['s', 'out'],
];

describe('grouping a selection', () => {
  const cases: { name: string; doc: () => GraphDocument; select: string[]; refused?: RegExp; members?: string[] }[] = [
    { name: "the CNN's five convolution and pooling layers make one group, in the document's order", doc: cnn, select: [...CNN_RUN].reverse(), members: CNN_RUN },
    { name: 'one layer alone is a run', doc: cnn, select: ['dense'], members: ['dense'] },
    { name: 'a residual-style diamond (two branches joined by Add) is one run', doc: () => graph(branches, branchLinks), select: ['a', 'b', 'c', 's'], members: ['a', 'b', 'c', 's'] },
    { name: 'an empty selection is refused', doc: cnn, select: [], refused: /Select the layers to group first/ },
    { name: 'layers with a gap between them are refused, naming the stray one', doc: cnn, select: ['conv2d_1', 'conv2d_2'], refused: /not connected as one run: conv2d_2 is not joined to conv2d_1.*layers in between/ },
    { name: 'two branches without their common layer are refused', doc: () => graph(branches, branchLinks), select: ['a', 'b', 'c'], refused: /not connected as one run: b, c are not joined to a through the selection/ },
    { name: 'a node no graph has is refused by id', doc: cnn, select: ['conv2d_1', 'nope'], refused: /No node has the id 'nope'/ },
  ];
  it.each(cases)('$name', ({ doc, select, refused, members }) => {
    const result = groupNodes(doc(), select);
    if (refused) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(refused);
      return;
    }
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(groupsOf(result.doc).map(withoutLift)).toEqual([{ id: 'group_1', name: 'Block 1', nodes: members, collapsed: true }]);
  });

  it('refuses a node already in a group, naming the group', () => {
    const once = grouped(cnn(), CNN_RUN, 'Features');
    const twice = groupNodes(once.doc, ['conv2d_3', 'flatten']);
    expect(twice).toEqual({ ok: false, reason: 'conv2d_3 is already in the group “Features”; ungroup it first' });
  });

  it('names each new group with the next free Block N and id', () => {
    const first = grouped(cnn(), ['conv2d_1']);
    const second = grouped(first.doc, ['dense']);
    expect(groupsOf(second.doc).map((g) => [g.id, g.name])).toEqual([
      ['group_1', 'Block 1'],
      ['group_2', 'Block 2'],
    ]);
  });
});

describe('editing a group', () => {
  const base = (): { doc: GraphDocument; id: string } => grouped(cnn(), CNN_RUN, 'Features');
  // `moves`: whether the edit moves layers (expanding makes room for the members again).
  const cases: { name: string; edit: (doc: GraphDocument, id: string) => ReturnType<typeof ungroup>; moves?: boolean; expect: { groups?: unknown; reason?: string } }[] = [
    { name: 'ungroup removes the group and keeps its layers', edit: (d, id) => ungroup(d, id), moves: true, expect: { groups: [] } },
    { name: 'expand, then the group is drawn as a frame', edit: (d, id) => setCollapsed(d, id, false), moves: true, expect: { groups: [{ id: 'group_1', name: 'Features', nodes: CNN_RUN, collapsed: false }] } },
    { name: 'toggle expands a collapsed group', edit: (d, id) => toggleCollapsed(d, id), moves: true, expect: { groups: [{ id: 'group_1', name: 'Features', nodes: CNN_RUN, collapsed: false }] } },
    { name: 'toggle again collapses it', edit: (d, id) => toggleCollapsed(setCollapsed(d, id, false).ok ? (setCollapsed(d, id, false) as { doc: GraphDocument }).doc : d, id), moves: true, expect: { groups: [{ id: 'group_1', name: 'Features', nodes: CNN_RUN, collapsed: true }] } },
    { name: 'rename trims the name', edit: (d, id) => renameGroup(d, id, '  Conv stack '), expect: { groups: [{ id: 'group_1', name: 'Conv stack', nodes: CNN_RUN, collapsed: true }] } },
    { name: 'an empty name is refused', edit: (d, id) => renameGroup(d, id, '   '), expect: { reason: 'A group needs a name' } },
    { name: 'a name past 100 characters is refused with its length', edit: (d, id) => renameGroup(d, id, 'x'.repeat(101)), expect: { reason: "A group's name is at most 100 characters (this one has 101)" } },
    { name: 'an unknown group id is refused', edit: (d) => ungroup(d, 'group_9'), expect: { reason: "No group has the id 'group_9'" } },
  ];
  it.each(cases)('$name', ({ edit, moves, expect: want }) => {
    const { doc, id } = base();
    const result = edit(doc, id);
    if (want.reason) {
      expect(result).toEqual({ ok: false, reason: want.reason });
      return;
    }
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(groupsOf(result.doc).map(withoutLift)).toEqual(want.groups);
      if (!moves) expect(result.doc.nodes).toBe(doc.nodes);
      expect(result.doc.edges).toBe(doc.edges);
    }
  });

  it('ungrouping the last group leaves a document with no groups field, like one from before groups', () => {
    const { doc, id } = base();
    const result = ungroup(doc, id);
    expect(result.ok && 'groups' in result.doc).toBe(false);
  });

  it('pruning drops deleted members and groups left empty, and returns the same document when nothing vanished', () => {
    const { doc } = base();
    expect(pruneGroups(doc)).toBe(doc);
    const lessOne = pruneGroups({ ...doc, nodes: doc.nodes.filter((n) => n.id !== 'conv2d_2') });
    expect(groupsOf(lessOne)[0].nodes).toEqual(['conv2d_1', 'max_pooling2d_1', 'max_pooling2d_2', 'conv2d_3']);
    const none = pruneGroups({ ...doc, nodes: doc.nodes.filter((n) => !CNN_RUN.includes(n.id)) });
    expect(groupsOf(none)).toEqual([]);
  });
});

describe("a group's summary: summed parameters against tfjs-layers' countParams, and the shapes crossing its border", () => {
  const cases: { name: string; doc: () => GraphDocument; members: string[]; inputs: string[]; outputs: string[] }[] = [
    { name: "the CNN's convolutions and poolings", doc: cnn, members: CNN_RUN, inputs: ['(None, 28, 28, 1)'], outputs: ['(None, 3, 3, 64)'] },
    { name: "the CNN's head (Flatten to softmax), its output the network's", doc: cnn, members: ['flatten', 'dropout', 'dense', 'softmax'], inputs: ['(None, 3, 3, 64)'], outputs: ['(None, 10)'] },
    { name: 'a group holding the Input takes its shape as its input', doc: cnn, members: ['input', 'conv2d_1'], inputs: ['(None, 28, 28, 1)'], outputs: ['(None, 26, 26, 64)'] },
    {
      name: 'two branches fed from outside: one input shape per edge in',
      doc: () => graph(branches, branchLinks),
      members: ['a', 'b', 'c', 's'],
      inputs: ['(None, 784)', '(None, 784)'],
      outputs: ['(None, 32)'],
    },
    {
      name: 'batch normalization counts its non-trainable parameters too',
      doc: () => stack([['in', 'Input', { shape: [20] }], ['d', 'Dense', { units: 8 }], ['bn', 'BatchNormalization'], ['o', 'Dense', { units: 2 }]]),
      members: ['d', 'bn'],
      inputs: ['(None, 20)'],
      outputs: ['(None, 8)'],
    },
  ];
  it.each(cases)('$name', async ({ doc: make, members, inputs, outputs }) => {
    const { doc, id } = grouped(make(), members);
    const analysis = analyseGraph(doc);
    const summary = groupSummary(doc, analysis, groupsOf(doc).find((g) => g.id === id)!);
    // The oracle: tfjs-layers rebuilds the same network and counts each layer's weights.
    const oracle = await tfjsLayers(doc);
    const byName = new Map(oracle.map((l) => [l.name, l]));
    const trainable = members.reduce((n, m) => n + (byName.get(m)?.trainable ?? 0), 0);
    const nonTrainable = members.reduce((n, m) => n + (byName.get(m)?.nonTrainable ?? 0), 0);
    expect(members.filter((m) => doc.nodes.find((n) => n.id === m)!.kind !== 'Input' && !byName.has(m))).toEqual([]);
    expect(summary).toMatchObject({ members: members.length, trainable, nonTrainable, params: trainable + nonTrainable, complete: true });
    expect(summary.inputShapes.map((s) => (s ? formatShape(s) : '?'))).toEqual(inputs);
    expect(summary.outputShapes.map((s) => (s ? formatShape(s) : '?'))).toEqual(outputs);
  });

  it("sums the CNN's convolutions to 74,496 (80,266 less the Dense's 5,770)", () => {
    const { doc } = grouped(cnn(), CNN_RUN);
    expect(groupSummary(doc, analyseGraph(doc), groupsOf(doc)[0]).params).toBe(74_496);
  });
});

describe('groups in saved documents', () => {
  it('round-trip through save and open, collapsed or expanded', () => {
    const one = grouped(cnn(), CNN_RUN, 'Features');
    const both = setCollapsed(grouped(one.doc, ['dense', 'softmax'], 'Head').doc, 'group_2', false);
    if (!both.ok) throw new Error(both.reason);
    const reopened = loadDocument(JSON.parse(serializeDocument(both.doc)));
    expect(reopened).toEqual(both.doc);
    expect(serializeDocument(reopened)).toBe(serializeDocument(both.doc));
  });

  it('a document without groups saves without a groups field, as before groups, and older files still open', () => {
    const text = serializeDocument(cnn());
    expect(JSON.parse(text)).not.toHaveProperty('groups');
    expect(groupsOf(loadDocument(JSON.parse(text)))).toEqual([]);
  });

  const bad: { name: string; groups: unknown; message: RegExp }[] = [
    { name: 'a member no node has', groups: [{ id: 'g', name: 'G', nodes: ['conv2d_1', 'ghost'] }], message: /groups\[0\]\.nodes\[1\]: no node has the id 'ghost'/ },
    {
      name: 'a node in two groups',
      groups: [
        { id: 'g', name: 'G', nodes: ['conv2d_1'] },
        { id: 'h', name: 'H', nodes: ['conv2d_1'] },
      ],
      message: /groups\[1\]\.nodes\[0\]: 'conv2d_1' is already in the group 'g'/,
    },
    { name: 'a node twice in one group', groups: [{ id: 'g', name: 'G', nodes: ['dense', 'dense'] }], message: /groups\[0\]\.nodes\[1\]: 'dense' is listed twice/ },
    {
      name: 'two groups with one id',
      groups: [
        { id: 'g', name: 'G', nodes: ['dense'] },
        { id: 'g', name: 'H', nodes: ['flatten'] },
      ],
      message: /groups\[1\]\.id: 'g' is used by another group/,
    },
    { name: 'an id that is not an id', groups: [{ id: '1 bad', name: 'G', nodes: ['dense'] }], message: /groups\[0\]\.id: an id starts with a letter/ },
    { name: 'a member id that is not an id (a property name)', groups: [{ id: 'g', name: 'G', nodes: ['constructor.prototype'] }], message: /groups\[0\]\.nodes\[0\]: an id starts with a letter/ },
    { name: 'an empty group', groups: [{ id: 'g', name: 'G', nodes: [] }], message: /groups\[0\]\.nodes: needs at least 1 items/ },
    { name: 'an empty name', groups: [{ id: 'g', name: ' ', nodes: ['dense'] }], message: /groups\[0\]\.name/ },
    { name: 'an unknown field', groups: [{ id: 'g', name: 'G', nodes: ['dense'], colour: 'red' }], message: /groups\[0\]: unknown field 'colour'/ },
    { name: 'more members than a graph has nodes', groups: [{ id: 'g', name: 'G', nodes: Array.from({ length: 2001 }, (_, i) => `n${i}`) }], message: /groups\[0\]\.nodes: .*2000/ },
  ];
  it.each(bad)('refuses $name, naming where', ({ groups, message }) => {
    expect(() => loadDocument({ ...cnnJson, groups })).toThrow(DocumentError);
    expect(() => loadDocument({ ...cnnJson, groups })).toThrow(message);
  });

  it('refuses a "__proto__" key inside a group', () => {
    const text = JSON.stringify({ ...cnnJson, groups: [{ id: 'g', name: 'G', nodes: ['dense'] }] }).replace('"name":"G"', '"name":"G","__proto__":{"polluted":1}');
    expect(() => loadDocument(JSON.parse(text))).toThrow(/groups\[0\]\.__proto__: a key named "__proto__" is not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('groups are presentation: code generation, export and training ignore them', () => {
  const { doc: withGroup } = grouped(cnn(), CNN_RUN, 'Features');
  const plain = cnn();
  const pure = (EXPORT_FORMATS as readonly ExportFormat[]).filter((f): f is PureExportFormat => !f.engine);
  it('there are pure formats to compare', () => expect(pure.length).toBeGreaterThan(2));
  it.each(pure.map((f) => [f.id, f] as const))('the %s export is the same text with and without a group', (_id, format) => {
    expect(format.write(withGroup, { fileName: 'x' })).toBe(format.write(plain, { fileName: 'x' }));
  });

  it('the Keras topology is the same', () => {
    expect(toKerasModel(withGroup)).toEqual(toKerasModel(plain));
  });

  it('the model the engine trains is built the same', async () => {
    const [a, b] = [await buildModel(withGroup), await buildModel(plain)];
    expect(a.toJSON(null, false)).toEqual(b.toJSON(null, false));
    expect(a.countParams()).toBe(80_266);
    a.dispose();
    b.dispose();
  });
});

describe('saved blocks ("My blocks")', () => {
  it('a group becomes a block placed from (0, 0) with its inner edges, and round-trips through the stored text', () => {
    const { doc, id } = grouped(cnn(), CNN_RUN, 'Features');
    const block = blockFromGroup(doc, id);
    expect(block.name).toBe('Features');
    expect(block.nodes.map((n) => n.id)).toEqual(CNN_RUN);
    expect(Math.min(...block.nodes.map((n) => n.position.x))).toBe(0);
    expect(Math.min(...block.nodes.map((n) => n.position.y))).toBe(0);
    expect(block.edges.map((e) => `${e.source}->${e.target}`)).toEqual(['conv2d_1->max_pooling2d_1', 'max_pooling2d_1->conv2d_2', 'conv2d_2->max_pooling2d_2', 'max_pooling2d_2->conv2d_3']);
    expect(loadBlocks(serializeBlocks([block]))).toEqual([block]);
  });

  const good = JSON.parse(serializeBlocks([blockFromGroup(grouped(cnn(), ['dense', 'softmax'], 'Head').doc, 'group_1')]));
  const bad: { name: string; text: string; message: RegExp }[] = [
    { name: 'text that is not JSON', text: '{"format":', message: /The blocks list is not valid JSON/ },
    { name: 'another format', text: JSON.stringify({ ...good, format: 'netcanvas-graph' }), message: /format: expected "netcanvas-blocks"/ },
    { name: 'a layer kind NetCanvas lacks', text: JSON.stringify({ ...good, blocks: [{ ...good.blocks[0], nodes: [{ ...good.blocks[0].nodes[0], kind: 'Mystery' }, good.blocks[0].nodes[1]] }] }), message: /blocks\[0\]\.nodes\[0\]\.kind: unknown layer kind 'Mystery'/ },
    { name: 'a setting out of range', text: JSON.stringify({ ...good, blocks: [{ ...good.blocks[0], nodes: [{ ...good.blocks[0].nodes[0], config: { units: 0 } }, good.blocks[0].nodes[1]] }] }), message: /blocks\[0\]\.nodes\[0\]\.config\.units/ },
    { name: 'an edge to a layer outside the block', text: JSON.stringify({ ...good, blocks: [{ ...good.blocks[0], edges: [{ id: 'e', source: 'dense', target: 'elsewhere' }] }] }), message: /blocks\[0\]\.edges\[0\]\.target: no node has the id 'elsewhere'/ },
    { name: 'a block without layers', text: JSON.stringify({ ...good, blocks: [{ name: 'Empty', nodes: [], edges: [] }] }), message: /blocks\[0\]\.nodes: needs at least 1 items/ },
    { name: 'a "__proto__" key in a layer', text: JSON.stringify(good).replace('"kind":"Dense"', '"kind":"Dense","__proto__":{"x":1}'), message: /blocks\[0\]\.nodes\[0\]\.__proto__/ },
    { name: 'more than 100 blocks', text: JSON.stringify({ ...good, blocks: Array.from({ length: 101 }, () => good.blocks[0]) }), message: /blocks: .*100/ },
  ];
  it.each(bad)('refuses $name, naming where', ({ text, message }) => {
    expect(() => loadBlocks(text)).toThrow(DocumentError);
    expect(() => loadBlocks(text)).toThrow(message);
  });
});

describe('a collapsed group closes the space its members leave, and expanding gives it back exactly', () => {
  /** A chain of Dense layers arranged as the app arranges it (wrapped into columns past 12 rows). */
  function arrangedChain(count: number): GraphDocument {
    const ids = ['input', ...Array.from({ length: count - 1 }, (_, i) => `d${i + 1}`)];
    const edges = ids.slice(1).map((id, i) => ({ source: ids[i], target: id }));
    const at = arrangeLayout(ids, edges);
    return loadDocument({
      ...emptyDocument('chain'),
      nodes: ids.map((id, i) => ({ id, kind: i === 0 ? 'Input' : 'Dense', config: i === 0 ? { shape: [8] } : { units: 4 }, position: at.get(id) })),
      edges: edges.map((e, i) => ({ id: `e${i}`, ...e, sourcePort: 'out', targetPort: 'in' })),
    });
  }
  const positions = (doc: GraphDocument) => new Map(doc.nodes.map((n) => [n.id, n.position]));
  const arrangedBranches = (): GraphDocument => {
    const doc = graph(branches, branchLinks);
    const at = arrangeLayout(doc.nodes.map((n) => n.id), doc.edges);
    return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: at.get(n.id)! })) };
  };

  const cases: { name: string; doc: () => GraphDocument; members: string[]; lifted: number | undefined; moved: string[]; still: string[] }[] = [
    {
      name: "the CNN template's five convolutions and poolings: the head moves up four rows, to one row below the block",
      doc: cnn,
      members: CNN_RUN,
      lifted: 4 * LAYOUT_ROW,
      moved: ['flatten', 'dropout', 'dense', 'softmax'],
      still: ['input'],
    },
    {
      name: 'a run of 6 in a wrapped 200-layer chain: only its own column below it moves',
      doc: () => arrangedChain(200),
      members: ['d2', 'd3', 'd4', 'd5', 'd6', 'd7'],
      lifted: 5 * LAYOUT_ROW,
      moved: ['d8', 'd9'],
      // The one before the group, and layers of later columns (d30: the second, d199: the last).
      still: ['d1', 'input', 'd30', 'd199'],
    },
    {
      name: 'a residual branch with its skip beside it: nothing moves (the skip would be covered), the gap stays',
      doc: arrangedBranches,
      members: ['b', 'c'],
      lifted: undefined,
      moved: [],
      still: ['in', 'a', 's', 'out'],
    },
    {
      name: 'one layer alone frees no row: nothing moves',
      doc: cnn,
      members: ['dense'],
      lifted: undefined,
      moved: [],
      still: ['flatten', 'softmax'],
    },
  ];

  it.each(cases)('$name', ({ doc: make, members, lifted, moved, still }) => {
    const doc = make();
    const before = positions(doc);
    const made = grouped(doc, members);
    const group = groupsOf(made.doc)[0];
    expect(group.collapsed).toBe(true);
    expect(group.lifted).toBe(lifted);
    const collapsed = positions(made.doc);
    for (const id of members) expect(collapsed.get(id), `${id} stays where it is, under the block`).toEqual(before.get(id));
    for (const id of moved) expect(collapsed.get(id), `${id} moves up`).toEqual({ x: before.get(id)!.x, y: before.get(id)!.y - lifted! });
    for (const id of still) expect(collapsed.get(id), `${id} stays`).toEqual(before.get(id));
    if (lifted !== undefined) {
      // The nearest layer below the block is one row under it.
      const top = Math.min(...members.map((id) => before.get(id)!.y));
      expect(Math.min(...moved.map((id) => collapsed.get(id)!.y))).toBe(top + LAYOUT_ROW);
    }
    // Expanding, and ungrouping, put every layer back exactly.
    const expanded = setCollapsed(made.doc, made.id, false);
    expect(expanded.ok && positions(expanded.doc)).toEqual(before);
    expect(expanded.ok && groupsOf(expanded.doc)[0].lifted).toBeUndefined();
    const gone = ungroup(made.doc, made.id);
    expect(gone.ok && positions(gone.doc)).toEqual(before);
    // Collapsing again closes the gap the same way.
    const again = expanded.ok ? setCollapsed(expanded.doc, made.id, true) : expanded;
    expect(again.ok && positions(again.doc)).toEqual(collapsed);
  });

  it('two groups in one column: collapsed one after the other and expanded in either order, every layer comes back', () => {
    const doc = arrangedChain(200);
    const before = positions(doc);
    const first = grouped(doc, ['d2', 'd3', 'd4']);
    const second = grouped(first.doc, ['d6', 'd7', 'd8']);
    expect(positions(second.doc).get('d9')).toEqual({ x: before.get('d9')!.x, y: before.get('d9')!.y - 4 * LAYOUT_ROW });
    const open = (d: GraphDocument, ids: string[]) => ids.reduce((acc, id) => (setCollapsed(acc, id, false) as { doc: GraphDocument }).doc, d);
    expect(positions(open(second.doc, [first.id, second.id]))).toEqual(before);
    expect(positions(open(second.doc, [second.id, first.id]))).toEqual(before);
  });

  it('the lift is saved with the project, and a file from before it reads as lifting nothing', () => {
    const { doc } = grouped(cnn(), CNN_RUN);
    const read = loadDocument(JSON.parse(serializeDocument(doc)));
    expect(groupsOf(read)[0].lifted).toBe(4 * LAYOUT_ROW);
    const old = loadDocument({ ...cnnJson, groups: [{ id: 'g', name: 'Old', nodes: CNN_RUN, collapsed: true }] });
    const expanded = setCollapsed(old, 'g', false);
    expect(expanded.ok && expanded.doc.nodes).toEqual(old.nodes);
    expect(() => loadDocument({ ...cnnJson, groups: [{ id: 'g', name: 'Bad', nodes: CNN_RUN, collapsed: true, lifted: -5 }] })).toThrow(/lifted/);
  });
});

describe('the group a selection shows in the inspector (groupSelected)', () => {
  const { doc } = grouped(cnn(), CNN_RUN, 'Features');
  it.each([
    { name: 'all its members, in any order: the group', select: [...CNN_RUN].reverse(), group: 'group_1' },
    { name: 'one member only: none (the layer)', select: ['conv2d_1'], group: undefined },
    { name: 'its members and one more layer: none', select: [...CNN_RUN, 'dense'], group: undefined },
    { name: 'nothing: none', select: [], group: undefined },
  ])('$name', ({ select, group }) => {
    expect(groupSelected(doc, select)?.id).toBe(group);
  });
});
