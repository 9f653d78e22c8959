import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GraphDocument } from '../../src/core/graph/document';
import { loadDocument } from '../../src/core/graph/load';
import type { LayerLine } from '../support/graphs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The shared MNIST files (never copied into the repository). */
export const mnistDir = process.env.NETCANVAS_DATA ?? path.resolve(repoRoot, '../shared/datasets/mnist');

export const TEMPLATES = ['mlp', 'cnn', 'rnn', 'blank'] as const;

export function template(name: (typeof TEMPLATES)[number]): GraphDocument {
  return loadDocument(JSON.parse(readFileSync(path.join(repoRoot, 'resources/templates', `${name}.json`), 'utf8')));
}

/** A document with its training settings changed. */
export function withTraining(doc: GraphDocument, training: Partial<GraphDocument['training']>): GraphDocument {
  return { ...doc, training: { ...doc.training, ...training } };
}

/** A small seeded generator, so a failing case can be replayed by its seed. */
export function random(seed: number) {
  let s = seed >>> 0;
  const next = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

/**
 * A random valid graph: a stack of layers that fit the shape flowing through them, with
 * now and then a fork into two branches joined again by Add or Concatenate.
 */
export function randomGraph(seed: number): { layers: LayerLine[]; links: [string, string][] } {
  const r = random(seed);
  const layers: LayerLine[] = [];
  const links: [string, string][] = [];
  const rank = r.pick([1, 2, 3]);
  let shape: number[] = rank === 1 ? [r.int(4, 200)] : rank === 2 ? [r.int(2, 16), r.int(1, 20)] : [r.int(6, 24), r.int(6, 24), r.int(1, 4)];
  layers.push(['in', 'Input', { shape }]);
  let tail = 'in';
  let n = 0;
  const add = (kind: string, config: Record<string, unknown>, from = tail): string => {
    const id = `n${n++}`;
    layers.push([id, kind, config]);
    links.push([from, id]);
    return id;
  };
  const depth = r.int(1, 5);
  for (let i = 0; i < depth; i++) {
    if (r.next() < 0.25) {
      // A fork: two branches that keep the shape (or change only the last axis), merged.
      const merge = r.pick(['Add', 'Concatenate'] as const);
      const units = r.int(1, 12);
      const a = shape.length === 3 ? add('Conv2D', { filters: units, kernelSize: r.int(1, 3), padding: 'same' }) : add('Dense', { units });
      const b = shape.length === 3 ? add('Conv2D', { filters: merge === 'Add' ? units : r.int(1, 12), kernelSize: r.int(1, 3), padding: 'same', activation: 'relu' }) : add('Dense', { units: merge === 'Add' ? units : r.int(1, 12), activation: 'tanh' });
      const joined = `n${n++}`;
      layers.push([joined, merge, {}]);
      links.push([a, joined], [b, joined]);
      const bUnits = (layers.find(([id]) => id === b)![2] as { units?: number; filters?: number });
      shape = [...shape.slice(0, -1), merge === 'Add' ? units : units + (bUnits.units ?? bUnits.filters ?? 0)];
      tail = joined;
      continue;
    }
    if (shape.length === 3) {
      const [h, w] = shape;
      const choice = r.pick(['conv', 'pool', 'bn', 'flatten']);
      if (choice === 'conv') {
        const k = [r.int(1, Math.min(4, h)), r.int(1, Math.min(4, w))];
        const filters = r.int(1, 12);
        tail = add('Conv2D', { filters, kernelSize: k, padding: 'valid', activation: r.pick(['relu', 'linear']) });
        shape = [h - k[0] + 1, w - k[1] + 1, filters];
      } else if (choice === 'pool' && h >= 2 && w >= 2) {
        tail = add(r.pick(['MaxPooling2D', 'AveragePooling2D']), { poolSize: 2 });
        shape = [Math.floor(h / 2), Math.floor(w / 2), shape[2]];
      } else if (choice === 'bn') tail = add('BatchNormalization', {});
      else {
        tail = add('Flatten', {});
        shape = [shape.reduce((a, d) => a * d, 1)];
      }
    } else if (shape.length === 2) {
      const choice = r.pick(['SimpleRNN', 'LSTM', 'GRU', 'Bidirectional', 'flatten']);
      const units = r.int(1, 10);
      const seq = r.next() > 0.5;
      if (choice === 'flatten') {
        tail = add('Flatten', {});
        shape = [shape[0] * shape[1]];
      } else if (choice === 'Bidirectional') {
        tail = add('Bidirectional', { layer: r.pick(['SimpleRNN', 'LSTM', 'GRU']), units, returnSequences: seq });
        shape = seq ? [shape[0], 2 * units] : [2 * units];
      } else {
        tail = add(choice, { units, returnSequences: seq });
        shape = seq ? [shape[0], units] : [units];
      }
    } else {
      const choice = r.pick(['dense', 'dropout', 'act', 'bn']);
      if (choice === 'dense') {
        const units = r.int(1, 48);
        tail = add('Dense', { units, kernelRegularizer: r.next() > 0.7 ? { type: 'l2', factor: 0.001 } : null });
        shape = [units];
      } else if (choice === 'dropout') tail = add('Dropout', { rate: 0.3 });
      else if (choice === 'act') tail = add('Activation', { activation: r.pick(['relu', 'selu', 'sigmoid']) });
      else tail = add('BatchNormalization', {});
    }
  }
  return { layers, links };
}
