import { describe, expect, it } from 'vitest';
import { emptyDocument, type GraphDocument } from '../../src/core/graph/document';
import { groupNodes, groupsOf, setCollapsed } from '../../src/core/graph/groups';
import { isLongLine, LAYOUT_ROW } from '../../src/core/graph/layout';
import { autoLayout } from '../../src/renderer/editor/edits';
import { loadDocument } from '../../src/core/graph/load';
import { EDITOR_COMMANDS, type EditorContext } from '../../src/renderer/commands/editorCommands';
import { CommandRegistry } from '../../src/renderer/commands/registry';
import { createDocumentStore } from '../../src/renderer/state/documentStore';

/** Arrange layout (View ▸ Arrange layout, Ctrl+Shift+A or L) through the registry, as the menu, the toolbar and the keys run it. */

/** An Input and `count - 1` Dense layers in one column, as a file from before arranging holds them. */
function chainInAColumn(count: number): GraphDocument {
  const ids = ['input', ...Array.from({ length: count - 1 }, (_, i) => `dense_${i + 1}`)];
  return loadDocument({
    ...emptyDocument('chain'),
    nodes: ids.map((id, i) => ({ id, kind: i === 0 ? 'Input' : 'Dense', config: i === 0 ? { shape: [8] } : { units: 4 }, position: { x: 0, y: i * 130 } })),
    edges: ids.slice(1).map((id, i) => ({ id: `e${i}`, source: ids[i], sourcePort: 'out', target: id, targetPort: 'in' })),
  });
}

function editor(doc: GraphDocument, aspect: number) {
  const store = createDocumentStore(doc);
  let fits = 0;
  const registry = new CommandRegistry<EditorContext>(EDITOR_COMMANDS);
  const context = () => ({ document: store.getState(), viewAspect: () => aspect, fitView: () => fits++ }) as unknown as EditorContext;
  return { store, registry, run: () => registry.run('view.layout', context()), fits: () => fits };
}

describe('Arrange layout', () => {
  it('is bound to Ctrl+Shift+A and L', () => {
    const { registry } = editor(chainInAColumn(3), 1.5);
    const match = (key: string, ctrl: boolean, shift: boolean) => registry.match({ key, ctrlKey: ctrl, metaKey: false, shiftKey: shift, altKey: false })?.id;
    expect([match('A', true, true), match('l', false, false)]).toEqual(['view.layout', 'view.layout']);
    expect(registry.get('view.layout')!.label).toBe('Arrange layout');
  });

  it.each([
    { name: 'a 200-layer column wraps to about a wide canvas', count: 200, aspect: 2, wraps: true },
    { name: 'a 200-layer column wraps to about a tall canvas', count: 200, aspect: 0.8, wraps: true },
    { name: 'a 6-layer column stays a column', count: 6, aspect: 2, wraps: false },
  ])('$name, as one undo step, then fits the view', ({ count, aspect, wraps }) => {
    const before = chainInAColumn(count);
    const { store, run, fits } = editor(before, aspect);
    expect(isLongLine(before.nodes.map((n) => n.position), aspect)).toBe(wraps);
    expect(run()).toBe(true);
    const after = store.getState().doc.nodes.map((n) => n.position);
    expect(isLongLine(after, aspect)).toBe(false);
    const xs = new Set(after.map((p) => p.x));
    expect(xs.size > 1).toBe(wraps);
    if (wraps) {
      const width = Math.max(...after.map((p) => p.x)) + 200;
      const height = Math.max(...after.map((p) => p.y)) + 84;
      // Within a factor of 1.5 of the canvas's shape.
      expect(Math.abs(Math.log(width / height / aspect))).toBeLessThan(Math.log(1.5));
    }
    expect(fits()).toBe(1);
    store.getState().undo();
    expect(store.getState().doc.nodes.map((n) => n.position)).toEqual(before.nodes.map((n) => n.position));
  });
});

describe('Arrange layout with a collapsed group', () => {
  it('lays the members out in place, then closes their space under the block; expanding then gives it back', () => {
    const doc = chainInAColumn(40);
    const made = groupNodes(doc, ['dense_2', 'dense_3', 'dense_4', 'dense_5']);
    if (!made.ok) throw new Error(made.reason);
    const { store, run } = editor(made.doc, 1.5);
    run();
    const arranged = store.getState().doc;
    const at = new Map(arranged.nodes.map((n) => [n.id, n.position]));
    const group = groupsOf(arranged)[0];
    expect(group.collapsed).toBe(true);
    expect(group.lifted).toBe(3 * LAYOUT_ROW);
    // dense_6 comes to one row below the block (which stands at dense_2's place).
    expect(at.get('dense_6')).toEqual({ x: at.get('dense_2')!.x, y: at.get('dense_2')!.y + LAYOUT_ROW });
    const open = setCollapsed(arranged, group.id, false);
    if (!open.ok) throw new Error(open.reason);
    // Expanded, the chain is the arranged chain without a group: each layer one row below the last in its column.
    expect(open.doc.nodes.map((n) => n.position)).toEqual(autoLayout(doc, { aspect: 1.5 }).nodes.map((n) => n.position));
  });
});
