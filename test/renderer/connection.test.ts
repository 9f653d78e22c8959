import { describe, expect, it } from 'vitest';
import { checkConnection, connectableTargets } from '../../src/renderer/editor/connection';
import { graph } from '../support/graphs';

/** A canvas in the middle of being built: nothing below each Input is wired yet except as listed. */
const canvas = graph(
  [
    ['vec', 'Input', { shape: [784] }],
    ['img', 'Input', { shape: [28, 28, 1] }],
    ['dense', 'Dense', { units: 64 }],
    ['conv', 'Conv2D', { filters: 8 }],
    ['pool', 'MaxPooling2D'],
    ['flat', 'Flatten'],
    ['add', 'Add'],
    ['free', 'Dense', { units: 10 }],
    ['lonely', 'Dense', { units: 64 }],
  ],
  [
    ['vec', 'dense'],
    ['img', 'conv'],
    ['conv', 'pool'],
  ],
);

const cases: { name: string; source: string; target: string; refused?: RegExp }[] = [
  { name: 'a second input to a single-input layer is refused', source: 'img', target: 'pool', refused: /takes one input and already has one/ },
  { name: 'pooling into Flatten works', source: 'pool', target: 'flat' },
  { name: 'a vector into Flatten works', source: 'dense', target: 'flat' },
  { name: 'nothing flows into an Input', source: 'dense', target: 'img', refused: /Input takes no incoming/ },
  { name: 'a layer cannot feed itself', source: 'dense', target: 'dense', refused: /cannot feed itself/ },
  { name: 'a second edge between the same nodes is refused', source: 'img', target: 'conv', refused: /already connected/ },
  { name: 'a merge takes a first input while the graph is unfinished', source: 'dense', target: 'add' },
  { name: 'an unconnected layer may be wired bottom-up', source: 'lonely', target: 'free' },
];

describe('checkConnection', () => {
  it.each(cases)('$name', ({ source, target, refused }) => {
    const verdict = checkConnection(canvas, source, target);
    if (refused) {
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) expect(verdict.reason).toMatch(refused);
    } else {
      expect(verdict).toEqual({ ok: true });
    }
  });

  it('refuses a shape mismatch with the core analysis message', () => {
    const doc = graph(
      [
        ['in', 'Input', { shape: [784] }],
        ['d', 'Dense', { units: 32 }],
        ['c', 'Conv2D'],
      ],
      [['in', 'd']],
    );
    const verdict = checkConnection(doc, 'd', 'c');
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(/needs an image .* receives a vector/);
  });

  it('refuses a cycle through a merge', () => {
    const doc = graph(
      [
        ['in', 'Input', { shape: [16] }],
        ['a', 'Dense', { units: 16 }],
        ['b', 'Dense', { units: 16 }],
        ['add', 'Add'],
      ],
      [
        ['in', 'add'],
        ['add', 'a'],
        ['a', 'b'],
      ],
    );
    const verdict = checkConnection(doc, 'b', 'add');
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(/cycle/);
  });

  it('refuses merging tensors of different shapes', () => {
    const doc = graph(
      [
        ['in', 'Input', { shape: [16] }],
        ['a', 'Dense', { units: 16 }],
        ['b', 'Dense', { units: 8 }],
        ['add', 'Add'],
      ],
      [
        ['in', 'a'],
        ['in', 'b'],
        ['a', 'add'],
      ],
    );
    const verdict = checkConnection(doc, 'b', 'add');
    expect(verdict.ok).toBe(false);
  });
});

describe('connectableTargets (what a keyboard connect offers)', () => {
  it('offers the layers a vector can feed and none that checkConnection refuses', () => {
    // dense (a vector): Flatten, a merge and unwired Dense layers take it; a Conv2D (needs an image),
    // the Inputs, dense itself and pool (already fed) do not.
    expect(connectableTargets(canvas, 'dense')).toEqual(['flat', 'add', 'free', 'lonely']);
  });

  it('offers nothing from a layer whose every candidate is refused', () => {
    const doc = graph([['in', 'Input', { shape: [4] }]], []);
    expect(connectableTargets(doc, 'in')).toEqual([]);
  });
});
