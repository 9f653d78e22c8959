import { describe, expect, it } from 'vitest';
import { loadDocument } from '../../src/core/graph/load';
import { checkConnection } from '../../src/renderer/editor/connection';
import { connect } from '../../src/renderer/editor/edits';
import { documentStore } from '../../src/renderer/state/documentStore';
import { currentStatus, useUi } from '../../src/renderer/state/uiStore';
import cnn from '../../resources/templates/cnn.json';
import mlp from '../../resources/templates/mlp.json';

/** What the status bar shows now. */
const shown = (): string | null => currentStatus(useUi.getState().status, documentStore.getState().doc)?.message ?? null;

describe('the status line shows the current state only', () => {
  it('drops "Connected a → b" once the document changes (the target deleted)', () => {
    documentStore.getState().open(loadDocument(cnn), null);
    const doc = documentStore.getState().doc;
    const [source, target] = ['conv2d_3', 'flatten'];
    useUi.getState().setStatus({ tone: 'info', message: `Connected ${source} → ${target}` });
    expect(shown()).toBe(`Connected ${source} → ${target}`);
    documentStore.getState().select({ nodes: [target], edges: [] });
    expect(shown()).toBe(`Connected ${source} → ${target}`);
    documentStore.getState().deleteSelection();
    expect(documentStore.getState().doc).not.toBe(doc);
    expect(shown()).toBeNull();
  });

  it("drops a refused connection's reason when another project is opened", () => {
    documentStore.getState().open(loadDocument(cnn), null);
    const verdict = checkConnection(documentStore.getState().doc, 'dense', 'conv2d_1');
    expect(verdict.ok).toBe(false);
    useUi.getState().setStatus({ tone: 'error', message: verdict.ok ? '' : verdict.reason });
    expect(shown()).toMatch(/takes one input and already has one/);
    documentStore.getState().open(loadDocument(mlp), null);
    expect(shown()).toBeNull();
  });

  it('drops a message on undo and on switching views, and keeps it while nothing changes', () => {
    documentStore.getState().open(loadDocument(mlp), null);
    documentStore.getState().change((d) => connect(d, 'input', 'dense_3'), 'record');
    useUi.getState().setStatus({ tone: 'info', message: 'Connected input → dense_3' });
    useUi.getState().setView('design');
    expect(shown()).toBe('Connected input → dense_3');
    documentStore.getState().undo();
    expect(shown()).toBeNull();
    useUi.getState().setStatus({ tone: 'error', message: 'refused' });
    useUi.getState().setView('train');
    expect(shown()).toBeNull();
    useUi.getState().setView('design');
  });
});
