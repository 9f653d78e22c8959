import { describe, expect, it } from 'vitest';
import { DocumentError } from '../../src/core/graph/errors';
import { importKeras } from '../../src/core/keras/fromKeras';

/** An object whose `toString` is not a function: String() of it, or of an array holding it, throws a TypeError. */
const noText = () => JSON.parse('{"toString": [], "valueOf": 1}') as unknown;

const dense = (config: Record<string, unknown> = {}, training?: unknown) => ({
  class_name: 'Sequential',
  config: { name: 'm', layers: [{ class_name: 'Dense', config: { name: 'd', units: 10, activation: 'softmax', batch_input_shape: [null, 784], ...config } }] },
  ...(training === undefined ? {} : { training_config: training }),
});

// Found by the fuzzer (test/fuzz, the Keras target): each crashed with "TypeError: Cannot convert object to primitive value".
describe('Keras files with objects where names belong are imported or refused, never crash', () => {
  it.each([
    { what: 'a model class_name that is such an object', file: () => ({ class_name: noText(), config: { name: 'm', layers: [] } }), asserts: /Keras class '\{"toString":\[\],"valueOf":1\}' is not a model NetCanvas can import/ },
    { what: 'an initializer whose class_name is such an object', file: () => dense({ kernel_initializer: { class_name: noText(), config: {} } }), asserts: 'imports' },
    { what: 'an initializer whose class_name is an array holding one', file: () => dense({ bias_initializer: { class_name: [noText()], config: {} } }), asserts: 'imports' },
    { what: 'an optimizer class_name that is such an object', file: () => dense({}, { loss: 'mse', optimizer_config: { class_name: noText(), config: {} } }), asserts: 'imports' },
  ] as const)('$what', ({ file, asserts }) => {
    let outcome: unknown;
    try {
      outcome = importKeras(file());
    } catch (error) {
      outcome = error;
    }
    if (asserts === 'imports') {
      expect(outcome).not.toBeInstanceOf(Error);
      // What could not be carried over is said in a note, not dropped.
      expect((outcome as { notes: unknown[] }).notes.length).toBeGreaterThan(0);
    } else {
      expect(outcome).toBeInstanceOf(DocumentError);
      expect((outcome as Error).message).toMatch(asserts);
    }
  });
});
