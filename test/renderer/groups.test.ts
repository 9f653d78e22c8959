import { describe, expect, it } from 'vitest';
import { analyseGraph } from '../../src/core/graph/analyse';
import { blockFromGroup } from '../../src/core/graph/blocks';
import type { GraphDocument } from '../../src/core/graph/document';
import { groupNodes, groupsOf, setCollapsed } from '../../src/core/graph/groups';
import { loadDocument } from '../../src/core/graph/load';
import { CommandRegistry } from '../../src/renderer/commands/registry';
import { EDITOR_COMMANDS, type EditorContext } from '../../src/renderer/commands/editorCommands';
import { addBlock } from '../../src/renderer/editor/blocks';
import { flowEdges, flowNodes } from '../../src/renderer/features/canvas/flowElements';
import { connectionEnd, FRAME_PAD, FRAME_TITLE, memberChanges, withGroupEdges, withGroupNodes, type CanvasFlowNode } from '../../src/renderer/features/canvas/groupFlowNodes';
import { createDocumentStore, type Selection } from '../../src/renderer/state/documentStore';
import cnnJson from '../../resources/templates/cnn.json';

const CNN_RUN = ['conv2d_1', 'max_pooling2d_1', 'conv2d_2', 'max_pooling2d_2', 'conv2d_3'];
const NONE: Selection = { nodes: [], edges: [] };

function cnnWithGroup(collapsed: boolean): GraphDocument {
  const grouped = groupNodes(loadDocument(cnnJson), CNN_RUN, 'Features');
  if (!grouped.ok) throw new Error(grouped.reason);
  const set = setCollapsed(grouped.doc, grouped.id, collapsed);
  if (!set.ok) throw new Error(set.reason);
  return set.doc;
}

function canvas(doc: GraphDocument, selection: Selection = NONE) {
  const analysis = analyseGraph(doc);
  const nodes = withGroupNodes(flowNodes(doc, analysis, selection, new Map()), doc, analysis, selection, new Map());
  const edges = withGroupEdges(flowEdges(doc, analysis, selection, () => null), doc);
  return { nodes, edges, links: edges.map((e) => `${e.source}->${e.target}`) };
}

const position = (doc: GraphDocument, id: string) => doc.nodes.find((n) => n.id === id)!.position;

describe('the canvas draws groups', () => {
  it('a document without groups keeps the very arrays flowElements made', () => {
    const doc = loadDocument(cnnJson);
    const analysis = analyseGraph(doc);
    const nodes = flowNodes(doc, analysis, NONE, new Map());
    const edges = flowEdges(doc, analysis, NONE, () => null);
    expect(withGroupNodes(nodes, doc, analysis, NONE, new Map())).toBe(nodes);
    expect(withGroupEdges(edges, doc)).toBe(edges);
  });

  it('collapsed: one node at the members’ top-left with the summed count; members and inner edges hidden; edges in and out drawn to it', () => {
    const doc = cnnWithGroup(true);
    const { nodes, links } = canvas(doc);
    expect(nodes.map((n) => n.id)).toEqual(['input', 'flatten', 'dropout', 'dense', 'softmax', 'group:group_1']);
    const block = nodes.find((n) => n.id === 'group:group_1')!;
    expect(block.type).toBe('layerGroup');
    expect(block.position).toEqual({ x: Math.min(...CNN_RUN.map((id) => position(doc, id).x)), y: Math.min(...CNN_RUN.map((id) => position(doc, id).y)) });
    expect(block.type === 'layerGroup' && block.data.summary).toMatchObject({ members: 5, params: 74_496, complete: true });
    expect(links).toEqual(['input->group:group_1', 'group:group_1->flatten', 'flatten->dropout', 'dropout->dense', 'dense->softmax']);
  });

  it('expanded: a frame around the members, behind them (first, z -1), and every edge as it is', () => {
    const doc = cnnWithGroup(false);
    const { nodes, links } = canvas(doc);
    expect(nodes[0]).toMatchObject({ id: 'frame:group_1', type: 'groupFrame', zIndex: -1 });
    expect(nodes.slice(1).map((n) => n.id)).toEqual(doc.nodes.map((n) => n.id));
    const frame = nodes[0];
    const xs = CNN_RUN.map((id) => position(doc, id).x);
    const ys = CNN_RUN.map((id) => position(doc, id).y);
    expect(frame.position).toEqual({ x: Math.min(...xs) - FRAME_PAD, y: Math.min(...ys) - FRAME_PAD - FRAME_TITLE });
    // Every member lies inside the frame.
    for (const id of CNN_RUN) {
      const p = position(doc, id);
      expect(p.x).toBeGreaterThanOrEqual(frame.position.x);
      expect(p.y).toBeGreaterThanOrEqual(frame.position.y + FRAME_TITLE);
      expect(p.x + 200).toBeLessThanOrEqual(frame.position.x + frame.width!);
      expect(p.y + 84).toBeLessThanOrEqual(frame.position.y + frame.height!);
    }
    expect(links).toEqual(doc.edges.map((e) => `${e.source}->${e.target}`));
  });

  it('a group’s node is selected when all its members are, and not when one is', () => {
    const doc = cnnWithGroup(true);
    const selected = (selection: Selection) => canvas(doc, selection).nodes.find((n) => n.id === 'group:group_1')!.selected;
    expect(selected({ nodes: CNN_RUN, edges: [] })).toBe(true);
    expect(selected({ nodes: ['conv2d_1'], edges: [] })).toBe(false);
  });
});

describe("React Flow's changes to a group act on its members", () => {
  const cases: { name: string; collapsed: boolean; change: Parameters<typeof memberChanges>[0][number]; expect: (doc: GraphDocument) => unknown[] }[] = [
    {
      name: 'moving the collapsed node by (40, -10) moves every member by as much',
      collapsed: true,
      change: { type: 'position', id: 'group:group_1', position: { x: 0, y: 0 } },
      expect: (doc) => CNN_RUN.map((id) => ({ type: 'position', id, position: { x: position(doc, id).x + 40, y: position(doc, id).y - 10 } })),
    },
    {
      name: 'moving a frame by its title moves the members too',
      collapsed: false,
      change: { type: 'position', id: 'frame:group_1', position: { x: 0, y: 0 } },
      expect: (doc) => CNN_RUN.map((id) => ({ type: 'position', id, position: { x: position(doc, id).x + 40, y: position(doc, id).y - 10 } })),
    },
    { name: 'selecting the collapsed node selects the members', collapsed: true, change: { type: 'select', id: 'group:group_1', selected: true }, expect: () => CNN_RUN.map((id) => ({ type: 'select', id, selected: true })) },
    { name: 'a layer’s change passes as it is', collapsed: true, change: { type: 'select', id: 'dense', selected: true }, expect: () => [{ type: 'select', id: 'dense', selected: true }] },
  ];
  it.each(cases)('$name', ({ collapsed, change, expect: want }) => {
    const doc = cnnWithGroup(collapsed);
    const drawn = canvas(doc).nodes.find((n) => 'id' in change && n.id === change.id) as CanvasFlowNode;
    const moved = change.type === 'position' ? { ...change, position: { x: drawn.position.x + 40, y: drawn.position.y - 10 } } : change;
    const out = memberChanges([moved], doc).map((c) => (c.type === 'position' ? { type: c.type, id: c.id, position: c.position } : c));
    expect(out).toEqual(want(doc));
  });

  it('a connection to a collapsed group means its first layer, from it its last', () => {
    const doc = cnnWithGroup(true);
    expect(connectionEnd(doc, 'group:group_1', 'target')).toBe('conv2d_1');
    expect(connectionEnd(doc, 'group:group_1', 'source')).toBe('conv2d_3');
    expect(connectionEnd(doc, 'dense', 'source')).toBe('dense');
  });
});

describe('group commands, each one undo step', () => {
  function editor(doc: GraphDocument) {
    const store = createDocumentStore(doc);
    const said: [string, string][] = [];
    const renaming: string[] = [];
    const registry = new CommandRegistry<EditorContext>(EDITOR_COMMANDS);
    const context = (): EditorContext =>
      ({
        document: store.getState(),
        say: (tone: string, message: string) => said.push([tone, message]),
        renameGroup: (id: string) => renaming.push(id),
        saveBlock: () => undefined,
      }) as unknown as EditorContext;
    const run = (id: string) => registry.run(id, context());
    const key = (key: string, mods: { ctrl?: boolean; shift?: boolean } = {}) => registry.match({ key, ctrlKey: mods.ctrl ?? false, metaKey: false, shiftKey: mods.shift ?? false, altKey: false })?.id;
    return { store, said, renaming, run, key };
  }

  it('binds Ctrl+G, Ctrl+Shift+G, Ctrl+E and F2', () => {
    const { key } = editor(loadDocument(cnnJson));
    expect([key('g', { ctrl: true }), key('G', { ctrl: true, shift: true }), key('e', { ctrl: true }), key('F2')]).toEqual(['edit.group', 'edit.ungroup', 'edit.toggleGroup', 'edit.renameGroup']);
  });

  it('groups the selection, collapses, expands and ungroups; undo walks back through each', () => {
    const { store, said, run } = editor(loadDocument(cnnJson));
    const s = () => store.getState();
    s().select({ nodes: CNN_RUN, edges: [] });
    run('edit.group');
    // Collapsed, the layers below move up under the block (four of the five rows freed).
    expect(groupsOf(s().doc)).toEqual([{ id: 'group_1', name: 'Block 1', nodes: CNN_RUN, collapsed: true, lifted: 520 }]);
    expect(said.at(-1)![1]).toMatch(/Grouped 5 layers as “Block 1”/);
    const flattenAt = () => s().doc.nodes.find((n) => n.id === 'flatten')!.position.y;
    expect(flattenAt()).toBe(780 - 520);
    run('edit.toggleGroup');
    expect(groupsOf(s().doc)[0].collapsed).toBe(false);
    expect(flattenAt()).toBe(780);
    run('edit.toggleGroup');
    run('edit.ungroup');
    expect(groupsOf(s().doc)).toEqual([]);
    const steps = [false, true, false].map(() => {
      s().undo();
      return groupsOf(s().doc)[0]?.collapsed;
    });
    expect(steps).toEqual([true, false, true]);
    s().undo();
    expect(s().doc.groups).toBeUndefined();
  });

  it('refuses with a message: nothing selected, a broken run, no group to act on', () => {
    const { store, said, run } = editor(loadDocument(cnnJson));
    run('edit.group');
    store.getState().select({ nodes: ['conv2d_1', 'conv2d_3'], edges: [] });
    run('edit.group');
    run('edit.toggleGroup');
    expect(said).toEqual([
      ['error', 'Cannot group: Select the layers to group first'],
      ['error', expect.stringMatching(/^Cannot group: The selected layers are not connected as one run: conv2d_3/)],
      ['error', 'Select a group, or a layer in one, first'],
    ]);
    expect(store.getState().history.past).toHaveLength(0);
  });

  it('F2 on a layer of a group starts typing its name', () => {
    const { store, renaming, run } = editor(cnnWithGroup(false));
    store.getState().select({ nodes: ['conv2d_2'], edges: [] });
    run('edit.renameGroup');
    expect(renaming).toEqual(['group_1']);
  });

  it('deleting a collapsed group’s layers removes the group in the same undo step', () => {
    const { store } = editor(cnnWithGroup(true));
    const s = () => store.getState();
    s().select({ nodes: CNN_RUN, edges: [] });
    s().deleteSelection();
    expect(s().doc.groups).toBeUndefined();
    s().undo();
    expect(groupsOf(s().doc)).toHaveLength(1);
  });
});

describe('adding a saved block', () => {
  const block = blockFromGroup(cnnWithGroup(true), 'group_1');

  it('a copy with fresh ids, grouped under the block’s name, below the selected layer and connected to its first layer', () => {
    const doc = loadDocument(cnnJson);
    const added = addBlock(doc, block, { x: 0, y: 0 }, 'input');
    expect(added.refused).toBeNull();
    expect(added.ids).toEqual(['conv2d_4', 'max_pooling2d_3', 'conv2d_5', 'max_pooling2d_4', 'conv2d_6']);
    expect(groupsOf(added.doc)).toEqual([{ id: 'group_1', name: 'Features', nodes: added.ids, collapsed: true }]);
    expect(added.doc.edges.filter((e) => added.ids.includes(e.target) && !added.ids.includes(e.source)).map((e) => e.source)).toEqual(['input']);
    expect(added.doc.edges.filter((e) => added.ids.includes(e.source) && added.ids.includes(e.target))).toHaveLength(4);
    const input = position(doc, 'input');
    const ys = added.ids.map((id) => position(added.doc, id).y);
    expect(Math.min(...ys)).toBeGreaterThan(input.y);
    // Placed where it covers no layer that was there.
    const covered = doc.nodes.filter((n) => added.ids.some((id) => Math.abs(position(added.doc, id).x - n.position.x) < 150 && Math.abs(position(added.doc, id).y - n.position.y) < 70));
    expect(covered).toEqual([]);
    expect(analyseGraph(added.doc).nodes.get('conv2d_4')!.params!.trainable).toBe(640);
  });

  it('says why it was left unconnected when the edge cannot work', () => {
    const doc = loadDocument(cnnJson);
    const added = addBlock(doc, block, { x: 0, y: 0 }, 'softmax');
    expect(added.refused).toMatch(/./);
    expect(added.doc.edges.some((e) => e.source === 'softmax')).toBe(false);
  });
});
