import { describe, expect, it } from 'vitest';
import { loadDocument, serializeDocument } from '../../src/core/graph/load';
import { analyseGraph } from '../../src/core/graph/analyse';
import { applyFix, nextNodeId, setField, setTraining, snakeKind } from '../../src/renderer/editor/edits';
import { unsavableSetting } from '../../src/renderer/features/project/projectActions';
import mlp from '../../resources/templates/mlp.json';

describe('node ids', () => {
  // Keras names layers this way: conv2d, max_pooling2d, simple_rnn, batch_normalization.
  it.each([
    ['Conv2D', 'conv2d'],
    ['MaxPooling2D', 'max_pooling2d'],
    ['AveragePooling2D', 'average_pooling2d'],
    ['SimpleRNN', 'simple_rnn'],
    ['LSTM', 'lstm'],
    ['GRU', 'gru'],
    ['BatchNormalization', 'batch_normalization'],
    ['Dense', 'dense'],
  ])('%s → %s', (kind, snake) => expect(snakeKind(kind)).toBe(snake));

  it('takes the next free number', () => {
    expect(nextNodeId(loadDocument(mlp), 'Dense')).toBe('dense_4');
  });
});

describe('fixes and saving', () => {
  it('inserts a Flatten before the layer the core names, and the MLP is whole again', () => {
    const image = setField(loadDocument(mlp), 'input', 'shape', [28, 28, 1]);
    const problem = analyseGraph(image).problems.find((p) => p.fix?.kind === 'insert-before');
    expect(problem?.nodeId).toBe('dense_1');
    const fixed = applyFix(image, problem!.nodeId!, problem!.fix!);
    expect(fixed.select).toBe('flatten_1');
    const analysis = analyseGraph(fixed.doc);
    expect(analysis.valid).toBe(true);
    expect(analysis.totals.total).toBe(269_322);
  });

  it('refuses to save a setting the loader would refuse, and saves a valid one', () => {
    const broken = setField(loadDocument(mlp), 'dense_1', 'units', 0);
    expect(unsavableSetting(broken)).toMatch(/units/);
    expect(() => loadDocument(JSON.parse(serializeDocument(broken)))).toThrow(/units/);
    const fine = setField(loadDocument(mlp), 'dense_1', 'units', 12);
    expect(unsavableSetting(fine)).toBeNull();
  });
});

describe('training settings edits', () => {
  const doc = setTraining(loadDocument(mlp), { schedule: { type: 'step', decaySteps: 2, decayRate: 0.5 } });
  it.each([
    { what: 'a new value is an edit', patch: { epochs: doc.training.epochs + 1 }, edit: true },
    { what: 'the same schedule again, as a new object, is no edit (no empty undo step)', patch: { schedule: { type: 'step' as const, decaySteps: 2, decayRate: 0.5 } }, edit: false },
    { what: 'removing a setting that is absent is no edit', patch: { earlyStopping: undefined }, edit: false },
    { what: 'removing one that is set is an edit, and it is gone', patch: { schedule: undefined }, edit: true },
  ])('$what', ({ patch, edit }) => {
    const next = setTraining(doc, patch);
    expect(next !== doc).toBe(edit);
    if (edit) for (const [key, value] of Object.entries(patch)) expect(key in next.training ? (next.training as Record<string, unknown>)[key] : undefined).toEqual(value);
  });
});
