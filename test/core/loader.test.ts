import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GRAPH_FORMAT_VERSION } from '../../src/core/graph/document';
import { DocumentError } from '../../src/core/graph/errors';
import { loadDocument, serializeDocument } from '../../src/core/graph/load';
import { openGraphText } from '../../src/core/graph/open';

const template = JSON.parse(readFileSync('resources/templates/cnn.json', 'utf8'));
const withChange = (change: (doc: any) => void): string => {
  const doc = structuredClone(template);
  change(doc);
  return JSON.stringify(doc);
};

/** Files the loader must refuse, each with the JSON path and the phrase its message must hold. */
const REFUSALS: { name: string; text: string; says: (string | RegExp)[] }[] = [
  { name: 'an empty file', text: '', says: ['is empty'] },
  { name: 'only spaces', text: '   \n', says: ['is empty'] },
  { name: 'truncated JSON', text: JSON.stringify(template).slice(0, 200), says: ['not valid JSON', 'truncated'] },
  { name: 'not JSON at all', text: 'PK\u0003\u0004 binary', says: ['not valid JSON'] },
  { name: 'a JSON array', text: '[1, 2]', says: ['neither a NetCanvas graph'] },
  { name: 'a JSON string', text: '"hello"', says: ['neither a NetCanvas graph'] },
  { name: 'another kind of JSON object', text: '{"hello": 1}', says: ['neither a NetCanvas graph'] },
  { name: 'a future version', text: withChange((d) => (d.version = 99)), says: ['newer NetCanvas', 'version 99', 'Update NetCanvas'] },
  { name: 'a version that is not a number', text: withChange((d) => (d.version = 'two')), says: ['version: expected a whole version number'] },
  { name: 'a missing node position', text: withChange((d) => delete d.nodes[2].position), says: ['nodes[2].position: is missing'] },
  { name: 'a node id of the wrong type', text: withChange((d) => (d.nodes[0].id = 7)), says: ['nodes[0].id: expected string, got number'] },
  { name: 'an unknown layer kind', text: withChange((d) => (d.nodes[1].kind = 'Conv3D')), says: ["nodes[1].kind: unknown layer kind 'Conv3D'"] },
  { name: 'a config value of the wrong type', text: withChange((d) => (d.nodes[1].config.filters = '64')), says: ['nodes[1].config.filters: expected number, got string'] },
  { name: 'an impossible config value', text: withChange((d) => (d.nodes[7].config.rate = 1.5)), says: ['nodes[7].config.rate: must be below 1'] },
  { name: 'an unknown config field', text: withChange((d) => (d.nodes[1].config.colour = 'red')), says: ["nodes[1].config: unknown field 'colour'"] },
  { name: 'an absurd number of units', text: withChange((d) => (d.nodes[8].config.units = 1e12)), says: ['nodes[8].config.units: must be at most'] },
  { name: 'an edge to a missing node', text: withChange((d) => (d.edges[0].target = 'ghost')), says: ["edges[0].target: no node has the id 'ghost'"] },
  { name: 'a duplicate node id', text: withChange((d) => (d.nodes[2].id = d.nodes[1].id)), says: ["nodes[2].id: 'conv2d_1' is used by another node"] },
  { name: 'an unknown optimizer', text: withChange((d) => (d.training.optimizer = { type: 'adagrad' })), says: ['training.optimizer.type', "'sgd', 'adam', 'rmsprop'"] },
  { name: 'a negative batch size', text: withChange((d) => (d.training.batchSize = -1)), says: ['training.batchSize: must be at least 1'] },
  { name: 'an unknown top-level field', text: withChange((d) => (d.extra = true)), says: ["unknown field 'extra'"] },
  { name: 'too many nodes', text: withChange((d) => (d.nodes = Array.from({ length: 2001 }, (_, i) => ({ id: `n${i}`, kind: 'Dense', position: { x: 0, y: 0 } })))), says: ['nodes: holds more than 2000 items'] },
];

describe('the loader refuses bad files with the path and what was expected', () => {
  it.each(REFUSALS)('$name', ({ text, says }) => {
    let error: unknown;
    try {
      openGraphText(text, 'project.netcanvas.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DocumentError);
    const message = (error as Error).message;
    for (const phrase of says) expect(message).toMatch(phrase);
    expect(message).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('loading and saving', () => {
  it.each(['mlp', 'cnn', 'rnn', 'blank'])('the %s template survives save and load unchanged', (name) => {
    const text = readFileSync(`resources/templates/${name}.json`, 'utf8');
    const once = serializeDocument(loadDocument(JSON.parse(text)));
    const twice = serializeDocument(loadDocument(JSON.parse(once)));
    expect(twice).toBe(once);
  });

  it('fills each node config with its kind’s Keras defaults', () => {
    const doc = loadDocument(JSON.parse(readFileSync('resources/templates/cnn.json', 'utf8')));
    expect(doc.nodes[1].config).toEqual({
      filters: 64,
      kernelSize: [3, 3],
      strides: [1, 1],
      padding: 'valid',
      activation: 'relu',
      useBias: true,
      kernelRegularizer: null,
      biasRegularizer: null,
    });
    expect(doc.training.optimizer).toEqual({ type: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
  });

  it('migrates a version 1 stack into a graph of the current version', () => {
    const v1 = {
      format: 'netcanvas-graph',
      version: 1,
      name: 'old',
      layers: [
        { kind: 'Input', config: { shape: [784] } },
        { kind: 'Dense', config: { units: 32, activation: 'relu' } },
        { kind: 'Dense', config: { units: 10, activation: 'softmax' } },
      ],
    };
    const doc = loadDocument(v1);
    expect(doc.version).toBe(GRAPH_FORMAT_VERSION);
    expect(doc.nodes.map((n) => n.kind)).toEqual(['Input', 'Dense', 'Dense']);
    expect(doc.edges.map((e) => [e.source, e.target])).toEqual([
      ['n1', 'n2'],
      ['n2', 'n3'],
    ]);
    expect(new Set(doc.nodes.map((n) => n.position.y)).size).toBe(3);
  });

  it('reads a version 2 file (the CNN template) as the current version with the same graph and settings', () => {
    expect(template.version).toBe(2);
    const doc = loadDocument(template);
    expect(doc.version).toBe(GRAPH_FORMAT_VERSION);
    const { version: _v, ...rest } = JSON.parse(serializeDocument(doc));
    const { version: _w, ...before } = JSON.parse(serializeDocument(loadDocument({ ...template, version: GRAPH_FORMAT_VERSION })));
    expect(rest).toEqual(before);
    expect(doc.training).not.toHaveProperty('limit');
  });

  it('keeps the Train view’s run settings (version 3): backend, sample limits and seed survive a save and a load', () => {
    const training = { ...template.training, backend: 'wasm', limit: 512, testLimit: 500, seed: 11 };
    const doc = loadDocument({ ...template, version: 3, training });
    expect(doc.training).toMatchObject({ backend: 'wasm', limit: 512, testLimit: 500, seed: 11 });
    expect(loadDocument(JSON.parse(serializeDocument(doc)))).toEqual(doc);
  });

  it.each([
    { what: 'a limit of no samples', training: { limit: 0 }, path: 'training.limit' },
    { what: 'a fractional test limit', training: { testLimit: 2.5 }, path: 'training.testLimit' },
    { what: 'an unknown backend', training: { backend: 'tpu' }, path: 'training.backend' },
    { what: 'a negative seed', training: { seed: -1 }, path: 'training.seed' },
  ])('refuses $what, naming $path', ({ training, path }) => {
    const text = withChange((d) => {
      d.version = 3;
      Object.assign(d.training, training);
    });
    try {
      openGraphText(text, 'bad.netcanvas.json');
      expect.unreachable('the file was accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(DocumentError);
      expect((error as DocumentError).issues.map((i) => i.path)).toContain(path);
    }
  });
});
