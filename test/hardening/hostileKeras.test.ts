import { describe, expect, it } from 'vitest';
import { DocumentError } from '../../src/core/graph/errors';
import { importKeras } from '../../src/core/keras/fromKeras';

/** A Keras Sequential model: Dense(10) on 784 inputs, with `dense` merged into the Dense layer's config and `training` as its training config. */
function sequential(dense: Record<string, unknown> = {}, training?: unknown, name = 'dense'): unknown {
  return {
    class_name: 'Sequential',
    config: { name: 'm', layers: [{ class_name: 'Dense', config: { name, units: 10, activation: 'softmax', batch_input_shape: [null, 784], ...dense } }] },
    ...(training === undefined ? {} : { training_config: training }),
  };
}

/** JSON text parsed as a file would be: `__proto__` becomes an own key, as JSON.parse makes it. */
const fromText = (text: string) => JSON.parse(text);

/**
 * Keras files whose keys name Object.prototype's members, or put a string where an object
 * belongs. Each must import (what NetCanvas cannot carry over is a note) or be refused with a
 * DocumentError, never crash with a TypeError from a prototype look-up. A string where a
 * regularizer or its config belongs is an invalid value, refused (test/hardening/kerasInvalidValues.test.ts).
 */
const HOSTILE: { name: string; file: () => unknown; asserts: 'imports' | 'refused' }[] = [
  { name: 'a layer config key __proto__', file: () => fromText(JSON.stringify(sequential()).replace('"units":10', '"__proto__":{"x":1},"units":10')), asserts: 'imports' },
  { name: 'a layer config key valueOf', file: () => sequential({ valueOf: 3 }), asserts: 'imports' },
  { name: 'a layer config key hasOwnProperty', file: () => sequential({ hasOwnProperty: 'yes' }), asserts: 'imports' },
  { name: 'a layer config key constructor', file: () => sequential({ constructor: {} }), asserts: 'imports' },
  { name: 'a layer config key toString', file: () => sequential({ toString: null }), asserts: 'imports' },
  { name: 'an optimizer setting valueOf', file: () => sequential({}, { loss: 'categorical_crossentropy', optimizer_config: { class_name: 'Adam', config: { valueOf: 1 } } }), asserts: 'imports' },
  { name: 'an optimizer setting __proto__', file: () => fromText(JSON.stringify(sequential({}, { loss: 'mse', optimizer_config: { class_name: 'SGD', config: { lr: 0.1 } } })).replace('"lr":0.1', '"__proto__":5,"lr":0.1')), asserts: 'imports' },
  { name: 'an optimizer setting hasOwnProperty', file: () => sequential({}, { optimizer_config: { class_name: 'RMSprop', config: { hasOwnProperty: 2 } } }), asserts: 'imports' },
  { name: 'an optimizer class named constructor', file: () => sequential({}, { optimizer_config: { class_name: 'constructor', config: {} } }), asserts: 'imports' },
  { name: 'an optimizer class named __proto__', file: () => sequential({}, { optimizer_config: { class_name: '__proto__', config: {} } }), asserts: 'imports' },
  { name: 'an optimizer class named toString', file: () => sequential({}, { optimizer: 'toString' }), asserts: 'imports' },
  { name: 'a loss named constructor', file: () => sequential({}, { loss: 'constructor' }), asserts: 'imports' },
  { name: 'a string where the optimizer config belongs', file: () => sequential({}, { optimizer_config: { class_name: 'Adam', config: 'fast' } }), asserts: 'imports' },
  { name: 'a string where a regularizer belongs', file: () => sequential({ kernel_regularizer: 'l2' }), asserts: 'refused' },
  { name: 'a string where a regularizer config belongs', file: () => sequential({ kernel_regularizer: { class_name: 'L2', config: 'big' } }), asserts: 'refused' },
  { name: 'a string where an initializer belongs', file: () => sequential({ kernel_initializer: 'glorot_uniform' }), asserts: 'imports' },
  { name: 'a string where an initializer config belongs', file: () => sequential({ kernel_initializer: { class_name: 'GlorotUniform', config: 'x' } }), asserts: 'imports' },
  { name: 'a string where the layer config belongs', file: () => ({ class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: 'dense' }] } }), asserts: 'refused' },
  { name: 'a string where the model config belongs', file: () => ({ class_name: 'Sequential', config: 'layers' }), asserts: 'refused' },
  { name: 'a layer class named constructor', file: () => ({ class_name: 'Sequential', config: { layers: [{ class_name: 'constructor', config: {} }] } }), asserts: 'refused' },
  { name: 'a layer class named __proto__', file: () => ({ class_name: 'Sequential', config: { layers: [{ class_name: '__proto__', config: {} }] } }), asserts: 'refused' },
  { name: 'a model class named toString', file: () => ({ class_name: 'toString', config: { layers: [] } }), asserts: 'refused' },
  { name: 'netcanvas labels keyed constructor and __proto__', file: () => fromText(JSON.stringify({ ...(sequential() as object), netcanvas: { labels: { constructor: 'x', valueOf: 'y' } } }).replace('"valueOf"', '"__proto__"')), asserts: 'imports' },
];

describe('hostile Keras files import or are refused with a DocumentError, never crash', () => {
  it.each(HOSTILE)('$name → $asserts', ({ file, asserts }) => {
    let outcome: 'imports' | 'refused';
    try {
      importKeras(file());
      outcome = 'imports';
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      outcome = 'refused';
    }
    expect(outcome).toBe(asserts);
  });
});

describe('layers named after Object.prototype members are ordinary names', () => {
  it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__'])('a Dense layer named %s imports with that label', (name) => {
    const { document } = importKeras(fromText(JSON.stringify(sequential({}, undefined, name))));
    const dense = document.nodes.find((n) => n.kind === 'Dense')!;
    expect(dense.label ?? dense.id).toBe(name);
  });
});
