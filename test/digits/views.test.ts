import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { TestMistake } from '../../src/core/api/contract';
import { pictureActivation, selectActivation } from '../../src/core/digits/activations';
import { cellHeading, cellShare, mistakesInCell, mostConfidentMistakes, pageOf, topConfusions } from '../../src/core/digits/evaluation';
import { checkDigitOutput, digitBatchShape, DigitModelError, toProbabilities } from '../../src/core/digits/modelInput';

describe('digitBatchShape: a digit for each input a model may have', () => {
  it.each([
    { name: 'vector', input: [null, 784], shape: [1, 784] },
    { name: 'image', input: [null, 28, 28, 1], shape: [1, 28, 28, 1] },
    { name: 'sequence', input: [null, 28, 28], shape: [1, 28, 28] },
    { name: 'channels first', input: [null, 1, 28, 28], shape: [1, 1, 28, 28] },
  ])('$name input $input takes a digit as $shape, as tfjs accepts it', async ({ input, shape }) => {
    expect(digitBatchShape(input)).toEqual(shape);
    // The oracle: a tfjs model with that input runs on the reshaped digit.
    const dims = input.slice(1) as number[];
    const model = tf.sequential({ layers: dims.length > 1 ? [tf.layers.flatten({ inputShape: dims }), tf.layers.dense({ units: 10 })] : [tf.layers.dense({ inputShape: dims, units: 10 })] });
    const out = model.predict(tf.zeros(digitBatchShape(input))) as tf.Tensor;
    expect(out.shape).toEqual([1, 10]);
    tf.dispose([out]);
    model.dispose();
  });

  it.each([
    { name: 'a CIFAR picture', input: [null, 32, 32, 3], message: 'takes 3072 values; a digit is 784' },
    { name: 'a variable-length sequence', input: [null, null, 28], message: 'has no fixed size' },
    { name: 'a scalar', input: [null], message: 'has no fixed size' },
  ])('refuses $name, saying why', ({ input, message }) => {
    expect(() => digitBatchShape(input)).toThrow(DigitModelError);
    expect(() => digitBatchShape(input)).toThrow(message);
  });

  it.each([
    { output: [null, 10], ok: true },
    { output: [null, 2], ok: false },
    { output: [null, 28, 10], ok: false },
  ])('accepts an output of $output as ten classes: $ok', ({ output, ok }) => {
    if (ok) expect(() => checkDigitOutput(output)).not.toThrow();
    else expect(() => checkDigitOutput(output)).toThrow(/not ten classes/);
  });
});

describe('toProbabilities', () => {
  it('keeps a softmax output and turns logits into tfjs softmax', () => {
    const probabilities = [0.1, 0.2, 0.7, 0, 0, 0, 0, 0, 0, 0];
    expect(toProbabilities(probabilities)).toEqual(probabilities);
    const logits = [2, -1, 0.5, 3, 0, 0, -4, 1, 1, 8];
    const expected = Array.from(tf.softmax(tf.tensor1d(logits)).dataSync());
    toProbabilities(logits).forEach((p, i) => expect(p).toBeCloseTo(expected[i], 6));
  });
});

describe('pictureActivation', () => {
  it('splits a conv output (channels last) into one normalised map per channel', () => {
    const [h, w, c] = [4, 3, 5];
    const values = Array.from({ length: h * w * c }, (_, i) => i);
    const picture = pictureActivation([h, w, c], values);
    expect(picture.kind).toBe('maps');
    if (picture.kind !== 'maps') return;
    expect(picture.maps).toHaveLength(c);
    // Channel k's pixel p is values[p * c + k]: increasing with p, so its map rises from 0 to 1.
    for (const map of picture.maps) {
      expect(map[0]).toBe(0);
      expect(map[h * w - 1]).toBe(1);
      for (let p = 1; p < h * w; p++) expect(map[p]).toBeGreaterThan(map[p - 1]);
    }
  });

  it.each([
    { name: 'a Dense output', shape: [64], kind: 'bars' },
    { name: 'a Dense output with its batch dimension', shape: [null, 10], kind: 'bars' },
    { name: 'a sequence of 28 steps', shape: [28, 28], kind: 'image' },
    { name: 'a flat digit (vector Input)', shape: [784], kind: 'image' },
    { name: 'a pooled feature map', shape: [13, 13, 64], kind: 'maps' },
  ])('draws $name as $kind', ({ shape, kind }) => {
    const size = shape.reduce((a: number, d) => a * (d ?? 1), 1);
    expect(pictureActivation(shape, selectActivation(shape, Array.from({ length: size }, (_, i) => Math.sin(i)))).kind).toBe(kind);
  });

});

describe('evaluation helpers', () => {
  const confusion = [
    [50, 2, 0],
    [5, 40, 1],
    [0, 9, 30],
  ];
  const mistakes: TestMistake[] = [
    { index: 3, label: 1, predicted: 0, confidence: 0.6 },
    { index: 8, label: 2, predicted: 1, confidence: 0.95 },
    { index: 1, label: 1, predicted: 0, confidence: 0.9 },
    { index: 4, label: 0, predicted: 1, confidence: 0.51 },
  ];

  it.each([
    { label: 1, predicted: 0, indices: [1, 3] },
    { label: 2, predicted: 1, indices: [8] },
    { label: 2, predicted: 0, indices: [] },
  ])('finds the mistakes of cell ($label, $predicted), surest first', ({ label, predicted, indices }) => {
    expect(mistakesInCell(mistakes, label, predicted).map((m) => m.index)).toEqual(indices);
  });

  it('orders the most confident mistakes and the most confused pairs', () => {
    expect(mostConfidentMistakes(mistakes, 2).map((m) => m.index)).toEqual([8, 1]);
    expect(topConfusions(confusion, 2)).toEqual([
      { label: 2, predicted: 1, count: 9 },
      { label: 1, predicted: 0, count: 5 },
    ]);
    expect(cellShare(confusion, 1, 0)).toBeCloseTo(5 / 46, 10);
  });
});

describe('cellHeading: the count a cell says and the images it shows agree', () => {
  it.each([
    { what: 'a cell with more mistakes than are shown says how many are shown', count: 80, shown: 40, right: false, text: '80 test images of 4 read as 9, showing the 40 the model was surest of' },
    { what: 'a cell whose every mistake is shown says only the count', count: 7, shown: 7, right: false, text: '7 test images of 4 read as 9' },
    { what: 'a single mistake is one image', count: 1, shown: 1, right: false, text: '1 test image of 4 read as 9' },
    { what: 'a diagonal cell says how many examples it shows', count: 980, shown: 23, right: true, text: '980 test images of 4 read as 4, showing 23 examples' },
    { what: 'while loading only the count is said', count: 80, shown: null, right: false, text: '80 test images of 4 read as 9' },
    { what: 'a cell with no images found says none are shown', count: 3, shown: 0, right: true, text: '3 test images of 4 read as 4, none shown' },
  ])('$what', ({ count, shown, right, text }) => {
    expect(cellHeading({ count, shown, label: '4', predicted: right ? '4' : '9', right })).toBe(text);
  });
});

describe('pageOf: every image of a cell is on exactly one page', () => {
  const items = Array.from({ length: 80 }, (_, i) => i);
  it.each([
    { what: 'the first of two full pages', list: items, page: 0, size: 40, first: 1, last: 40, pages: 2 },
    { what: 'the second of two full pages', list: items, page: 1, size: 40, first: 41, last: 80, pages: 2 },
    { what: 'a short last page', list: items.slice(0, 81 - 26), page: 1, size: 40, first: 41, last: 55, pages: 2 },
    { what: 'a page past the end is the last one', list: items, page: 7, size: 40, first: 41, last: 80, pages: 2 },
    { what: 'a page before the start is the first one', list: items, page: -1, size: 40, first: 1, last: 40, pages: 2 },
    { what: 'an empty list is one empty page', list: [], page: 0, size: 40, first: 0, last: 0, pages: 1 },
  ])('$what: $first–$last of $pages pages', ({ list, page, size, first, last, pages }) => {
    const p = pageOf(list, page, size);
    expect({ first: p.first, last: p.last, pages: p.pages, total: p.total }).toEqual({ first, last, pages, total: list.length });
    expect(p.items).toEqual(list.slice(first ? first - 1 : 0, last));
  });

  it.each([1, 7, 40, 41, 79, 80, 81, 400])('the pages of %i images hold each once, in order', (n) => {
    const list = Array.from({ length: n }, (_, i) => i);
    const first = pageOf(list, 0, 40);
    const seen = Array.from({ length: first.pages }, (_, page) => pageOf(list, page, 40).items).flat();
    expect(seen).toEqual(list);
  });

  it('refuses a page of no items', () => {
    expect(() => pageOf([1], 0, 0)).toThrow('A page holds at least one item, got 0');
  });
});
