import { describe, expect, it } from 'vitest';
import { dispatchApiCall, type NetCanvasApi } from '../../src/core/api/contract';
import { parseWireRequest } from '../../src/core/api/wire';
import { DocumentError } from '../../src/core/graph/errors';
import { layeredLayout } from '../../src/core/graph/layout';
import { loadDocument } from '../../src/core/graph/load';
import { openGraphText } from '../../src/core/graph/open';
import { importKeras } from '../../src/core/keras/fromKeras';

/**
 * Depth from untrusted files: long layer chains and deeply nested values. Each case must
 * import or be refused with a DocumentError that names the limit, never end in
 * `RangeError: Maximum call stack size exceeded` from a recursive walk.
 */
const DEPTH = 100_000;
const nested = (inner = '1') => `${'['.repeat(DEPTH)}${inner}${']'.repeat(DEPTH)}`;

const sequentialChain = (n: number) =>
  JSON.stringify({
    class_name: 'Sequential',
    config: { name: 's', layers: Array.from({ length: n }, (_, i) => ({ class_name: 'Dense', config: { name: `d${i}`, units: 4, ...(i === 0 ? { batch_input_shape: [null, 4] } : {}) } })) },
  });
const functionalChain = (n: number) =>
  JSON.stringify({
    class_name: 'Functional',
    config: {
      name: 'f',
      layers: [
        { class_name: 'InputLayer', name: 'in', config: { name: 'in', batch_input_shape: [null, 4] }, inbound_nodes: [] },
        ...Array.from({ length: n }, (_, i) => ({ class_name: 'Dense', name: `d${i}`, config: { name: `d${i}`, units: 4 }, inbound_nodes: [[[i === 0 ? 'in' : `d${i - 1}`, 0, 0, {}]]] })),
      ],
    },
  });
/** A one-layer Sequential model with `extra` (JSON text) spliced in as its Dense layer's field `field`. */
const denseWith = (field: string, extra: string) =>
  `{"class_name":"Sequential","config":{"layers":[{"class_name":"Dense","config":{"name":"d","units":3,"batch_input_shape":[null,4],"${field}":${extra}}}]}}`;
const graphWith = (where: 'config' | 'dataset' | 'label', extra: string) =>
  `{"format":"netcanvas-graph","version":2,"name":"g","nodes":[{"id":"a","kind":"Input","${where === 'label' ? 'label' : 'config'}":${where === 'dataset' ? '{}' : extra},"position":{"x":0,"y":0}}],"edges":[]${where === 'dataset' ? `,"dataset":${extra}` : ''}}`;

const FILES: { name: string; text: () => string; says: RegExp }[] = [
  { name: 'a 5,000-layer Sequential chain', text: () => sequentialChain(5000), says: /5,000 layers.*at most 2,000/ },
  { name: 'a 5,000-layer functional chain', text: () => functionalChain(5000), says: /5,001 layers.*at most 2,000/ },
  { name: 'a kernel_regularizer nested 100,000 deep', text: () => denseWith('kernel_regularizer', nested()), says: /nested more than 64 levels deep/ },
  { name: 'an unknown field nested 100,000 deep', text: () => denseWith('zzz', nested()), says: /nested more than 64 levels deep/ },
  { name: 'an activation nested 100,000 deep', text: () => denseWith('activation', nested()), says: /nested more than 64 levels deep/ },
  { name: 'an object nested 100,000 deep', text: () => denseWith('activation', `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`), says: /nested more than 64 levels deep/ },
  {
    name: 'Keras 3 inbound arguments nested 100,000 deep',
    text: () => `{"class_name":"Functional","config":{"layers":[{"class_name":"Dense","name":"d","config":{"name":"d","units":3},"inbound_nodes":[{"args":${nested()}}]}]}}`,
    says: /nested more than 64 levels deep/,
  },
  { name: 'an optimizer config nested 100,000 deep', text: () => `{"class_name":"Sequential","config":{"layers":[]},"training_config":{"optimizer_config":${nested()}}}`, says: /nested more than 64 levels deep/ },
  { name: 'a graph node config nested 100,000 deep', text: () => graphWith('config', `{"shape":${nested()}}`), says: /nested more than 64 levels deep/ },
  { name: 'a graph dataset nested 100,000 deep', text: () => graphWith('dataset', `{"x":${nested()}}`), says: /nested more than 64 levels deep/ },
];

describe('deep files import or are refused naming the limit, never overflow the stack', () => {
  it.each(FILES)('$name', ({ text, says }) => {
    let error: unknown;
    try {
      openGraphText(text(), 'deep.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DocumentError);
    expect((error as Error).message).toMatch(says);
  });

  it('values given directly (not through parseJson) are checked too', () => {
    const deep = JSON.parse(denseWith('zzz', nested())) as unknown;
    expect(() => importKeras(deep)).toThrow(/nested more than 64 levels deep/);
    expect(() => loadDocument(JSON.parse(graphWith('config', `{"shape":${nested()}}`)))).toThrow(/nested more than 64 levels deep/);
  });

  it('a 1,999-layer functional chain, just under the limit, imports', () => {
    const { document } = openGraphText(functionalChain(1998), 'long.json');
    expect(document.nodes).toHaveLength(1999);
  });

  it('the layered layout of a 100,000-node chain', () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => `n${i}`);
    const edges = ids.slice(1).map((id, i) => ({ source: ids[i], target: id }));
    // Listed from the far end, so the walk meets the whole chain at once.
    const positions = layeredLayout([...ids].reverse(), edges);
    expect(positions.get('n99999')!.y).toBe(positions.get('n1')!.y * 99_999);
  });
});

describe('deep API frames are refused by the wire parser', () => {
  it.each([
    { name: 'args nested 100,000 deep', frame: `{"id":1,"method":"listRuns","args":${nested()}}` },
    { name: 'a startTraining document nested 100,000 deep', frame: `{"id":1,"method":"startTraining","args":[{"jobId":"job-1","document":${graphWith('config', nested())}}]}` },
  ])('$name', async ({ frame }) => {
    const parsed = parseWireRequest(frame);
    if (parsed.ok) {
      // Dispatch must refuse it with its typed error, not overflow.
      const engine = new Proxy({}, { get: () => async () => undefined }) as NetCanvasApi;
      await expect(dispatchApiCall(engine, parsed.request.method, parsed.request.args)).rejects.toThrow(/nested more than 64 levels deep/);
    } else {
      expect(parsed.message).toMatch(/nested more than 64 levels deep/);
    }
  });
});
