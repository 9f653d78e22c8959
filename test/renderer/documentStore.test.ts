import { describe, expect, it } from 'vitest';
import { loadDocument, serializeDocument } from '../../src/core/graph/load';
import { emptyDocument } from '../../src/core/graph/document';
import { addNode, autoLayout, connect, moveNodes, setField } from '../../src/renderer/editor/edits';
import { analysisOf, createDocumentStore, isDirty } from '../../src/renderer/state/documentStore';
import cnn from '../../resources/templates/cnn.json';

describe('document store', () => {
  it('undoes and redoes every recorded edit, and a drag as one step', () => {
    const store = createDocumentStore(emptyDocument('t'));
    const s = () => store.getState();
    let input = '';
    s().change((d) => {
      const r = addNode(d, 'Input', { x: 0, y: 0 });
      input = r.id;
      return r.doc;
    }, 'record');
    s().change((d) => addNode(d, 'Dense', { x: 0, y: 100 }).doc, 'record');
    s().change((d) => connect(d, input, 'dense_1'), 'record');
    expect(s().doc.edges).toHaveLength(1);
    s().beginTransaction();
    for (let x = 1; x <= 5; x++) s().change((d) => moveNodes(d, new Map([['dense_1', { x: x * 10, y: 100 }]])), 'skip');
    s().endTransaction();
    expect(s().history.past).toHaveLength(4);
    s().undo();
    expect(s().doc.nodes[1].position).toEqual({ x: 0, y: 100 });
    s().undo();
    expect(s().doc.edges).toHaveLength(0);
    s().redo();
    s().redo();
    expect(s().doc.nodes[1].position).toEqual({ x: 50, y: 100 });
  });

  it('copies, pastes with new ids and the edges between copies, and deletes', () => {
    const store = createDocumentStore(loadDocument(cnn));
    const s = () => store.getState();
    s().select({ nodes: ['conv2d_1', 'max_pooling2d_1'], edges: [] });
    s().copySelection();
    s().paste();
    const doc = s().doc;
    expect(doc.nodes).toHaveLength(loadDocument(cnn).nodes.length + 2);
    expect(s().selection.nodes).toEqual(['conv2d_4', 'max_pooling2d_3']);
    expect(doc.edges.some((e) => e.source === 'conv2d_4' && e.target === 'max_pooling2d_3')).toBe(true);
    s().deleteSelection();
    expect(serializeDocument(s().doc)).toBe(serializeDocument(loadDocument(cnn)));
  });

  it('deletes a link of the CNN chain, joining its neighbours, and one undo brings back both edges', () => {
    const store = createDocumentStore(loadDocument(cnn));
    const s = () => store.getState();
    const dropout = s().doc.nodes.find((n) => n.kind === 'Dropout')!.id;
    const [into] = s().doc.edges.filter((e) => e.target === dropout);
    const [out] = s().doc.edges.filter((e) => e.source === dropout);
    s().select({ nodes: [dropout], edges: [] });
    s().deleteSelection();
    expect(s().doc.edges.some((e) => e.source === into.source && e.target === out.target)).toBe(true);
    // Without Dropout (no weights) the CNN keeps Keras's 80,266 parameters.
    expect(analysisOf(s().doc).totals.total).toBe(80_266);
    s().undo();
    expect(serializeDocument(s().doc)).toBe(serializeDocument(loadDocument(cnn)));
  });

  it('is dirty after an edit and clean again after undoing it', () => {
    const store = createDocumentStore();
    const s = () => store.getState();
    s().open(loadDocument(cnn), { name: 'cnn.netcanvas.json' });
    expect(isDirty(s())).toBe(false);
    s().change((d) => setField(d, 'dense_1', 'units', 12), 'record');
    expect(isDirty(s())).toBe(true);
    s().undo();
    expect(isDirty(s())).toBe(false);
  });

  it('keeps the template CNN at 80,266 parameters through an auto-layout', () => {
    const doc = autoLayout(loadDocument(cnn));
    expect(analysisOf(doc).totals.total).toBe(80_266);
  });
});
