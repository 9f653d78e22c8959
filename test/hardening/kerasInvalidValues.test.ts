import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentError } from '../../src/core/graph/errors';
import { importKeras } from '../../src/core/keras/fromKeras';
import { cli } from '../support/cli';

type Json = Record<string, unknown>;

/** A Keras Sequential model: Dense(10) named `dense` on 784 inputs, with `dense` merged into its config. */
const sequential = (dense: Json = {}): Json => ({
  class_name: 'Sequential',
  config: { name: 'm', layers: [{ class_name: 'Dense', config: { name: 'dense', units: 10, activation: 'softmax', batch_input_shape: [null, 784], ...dense } }] },
});

/** A functional model: InputLayer `inp` (with `input`'s config) then `layer` reading from it. */
const functional = (input: Json, layer: Json = { class_name: 'Dense', name: 'out', config: { name: 'out', units: 3 } }): Json => ({
  class_name: 'Functional',
  config: {
    name: 'f',
    layers: [
      { class_name: 'InputLayer', name: 'inp', config: { name: 'inp', ...input }, inbound_nodes: [] },
      { ...layer, inbound_nodes: [[['inp', 0, 0, {}]]] },
    ],
  },
});

const lstm = (config: Json): Json => ({ class_name: 'LSTM', name: 'rnn', config: { name: 'rnn', units: 8, ...config } });

/**
 * Values no saved Keras model holds, or NetCanvas cannot hold: each is refused with a
 * DocumentError whose message names the layer and the field, never imported with a default
 * in its place (with or without a note).
 */
const INVALID: { name: string; file: Json; layer: string; field: string }[] = [
  { name: 'units -5', file: sequential({ units: -5 }), layer: 'dense', field: 'units' },
  { name: 'units 1e12', file: sequential({ units: 1e12 }), layer: 'dense', field: 'units' },
  { name: 'units "many"', file: sequential({ units: 'many' }), layer: 'dense', field: 'units' },
  { name: 'units 3.5', file: sequential({ units: 3.5 }), layer: 'dense', field: 'units' },
  { name: 'use_bias "yes"', file: sequential({ use_bias: 'yes' }), layer: 'dense', field: 'use_bias' },
  { name: 'activation 5', file: sequential({ activation: 5 }), layer: 'dense', field: 'activation' },
  { name: 'a negative batch_input_shape', file: sequential({ batch_input_shape: [null, -784] }), layer: 'dense', field: 'batch_input_shape' },
  { name: 'a non-numeric batch_input_shape', file: sequential({ batch_input_shape: [null, '784'] }), layer: 'dense', field: 'batch_input_shape' },
  { name: 'an InputLayer without a shape', file: functional({}), layer: 'inp', field: 'batch_input_shape' },
  { name: 'an InputLayer with a string shape', file: functional({ batch_input_shape: '784' }), layer: 'inp', field: 'batch_input_shape' },
  { name: 'an InputLayer with a non-numeric dimension', file: functional({ batch_shape: [null, 'x'] }), layer: 'inp', field: 'batch_shape' },
  { name: 'an InputLayer with an unknown dimension', file: functional({ batch_input_shape: [null, null, 4] }), layer: 'inp', field: 'batch_input_shape' },
  { name: 'an InputLayer with a zero dimension', file: functional({ batch_input_shape: [null, 0] }), layer: 'inp', field: 'batch_input_shape' },
  { name: 'a regularizer factor that is a string', file: sequential({ kernel_regularizer: { class_name: 'L2', config: { l2: 'big' } } }), layer: 'dense', field: 'kernel_regularizer' },
  { name: 'a regularizer without its factor', file: sequential({ kernel_regularizer: { class_name: 'L1', config: {} } }), layer: 'dense', field: 'kernel_regularizer' },
  { name: 'an L1L2 regularizer missing l2', file: sequential({ bias_regularizer: { class_name: 'L1L2', config: { l1: 0.01 } } }), layer: 'dense', field: 'bias_regularizer' },
  { name: 'a regularizer config that is a string', file: sequential({ kernel_regularizer: { class_name: 'L2', config: 'big' } }), layer: 'dense', field: 'kernel_regularizer' },
  { name: 'a regularizer that is a string', file: sequential({ kernel_regularizer: 'l2' }), layer: 'dense', field: 'kernel_regularizer' },
  { name: 'a negative regularizer factor', file: sequential({ kernel_regularizer: { class_name: 'L2', config: { l2: -1 } } }), layer: 'dense', field: 'kernel_regularizer' },
  { name: 'a dropout rate of 1.5', file: functional({ batch_input_shape: [null, 4] }, { class_name: 'Dropout', name: 'drop', config: { name: 'drop', rate: 1.5 } }), layer: 'drop', field: 'rate' },
  { name: 'a kernel size of 0', file: functional({ batch_input_shape: [null, 8, 8, 1] }, { class_name: 'Conv2D', name: 'conv', config: { name: 'conv', filters: 4, kernel_size: [0, 3] } }), layer: 'conv', field: 'kernel_size' },
  { name: 'a padding that is a number', file: functional({ batch_input_shape: [null, 8, 8, 1] }, { class_name: 'Conv2D', name: 'conv', config: { name: 'conv', filters: 4, kernel_size: 3, padding: 1 } }), layer: 'conv', field: 'padding' },
  { name: 'LSTM units -1', file: functional({ batch_input_shape: [null, 5, 3] }, lstm({ units: -1 })), layer: 'rnn', field: 'units' },
  { name: 'LSTM dropout "some"', file: functional({ batch_input_shape: [null, 5, 3] }, lstm({ dropout: 'some' })), layer: 'rnn', field: 'dropout' },
  {
    name: 'a Bidirectional layer whose LSTM has units "x"',
    file: functional({ batch_input_shape: [null, 5, 3] }, { class_name: 'Bidirectional', name: 'bi', config: { name: 'bi', layer: { class_name: 'LSTM', config: { name: 'l', units: 'x' } } } }),
    layer: 'bi',
    field: 'layer.units',
  },
  { name: 'a Reshape target of -3', file: functional({ batch_input_shape: [null, 6] }, { class_name: 'Reshape', name: 'rs', config: { name: 'rs', target_shape: [-3, 2] } }), layer: 'rs', field: 'target_shape' },
  { name: 'a BatchNormalization momentum "high"', file: functional({ batch_input_shape: [null, 6] }, { class_name: 'BatchNormalization', name: 'bn', config: { name: 'bn', momentum: 'high' } }), layer: 'bn', field: 'momentum' },
];

describe('invalid values in a Keras file are refused naming the layer and the field', () => {
  it.each(INVALID)('$name → refused naming $layer and $field', ({ file, layer, field }) => {
    let error: unknown;
    try {
      importKeras(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DocumentError);
    const message = (error as Error).message;
    expect(message).toContain(`'${layer}'`);
    expect(message).toContain(field);
  });
});

/** Values Keras holds that NetCanvas has no setting for still import, each with a note naming it. */
const NOTED: { name: string; file: Json; note: string }[] = [
  { name: 'a GELU activation', file: sequential({ activation: 'gelu' }), note: 'activation="gelu"' },
  { name: 'an orthogonal regularizer', file: sequential({ kernel_regularizer: { class_name: 'OrthogonalRegularizer', config: { factor: 0.01 } } }), note: 'kernel_regularizer=' },
];

describe('settings NetCanvas lacks are notes, as before', () => {
  it.each(NOTED)('$name imports with a note', ({ file, note }) => {
    const { notes } = importKeras(file);
    expect(notes.map((n) => `${n.layer}: ${n.what}`).some((n) => n.startsWith(`dense: ${note}`))).toBe(true);
  });

  it('a valid regularizer imports with its factors', () => {
    const { document } = importKeras(sequential({ kernel_regularizer: { class_name: 'L1L2', config: { l1: 0, l2: 0.02 } } }));
    expect(document.nodes.find((n) => n.kind === 'Dense')!.config).toMatchObject({ kernelRegularizer: { type: 'l2', factor: 0.02 } });
  });
});

describe('validate --json and summary --json carry the import notes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nc-keras-notes-'));
  const file = join(dir, 'model.json');
  writeFileSync(file, JSON.stringify(sequential({ activation: 'gelu' })));
  it.each(['validate', 'summary'])('%s --json', async (command) => {
    const { stdout } = await cli([command, file, '--json']);
    expect(JSON.parse(stdout).notes).toEqual([{ layer: 'dense', what: 'activation="gelu"' }]);
  });
});
