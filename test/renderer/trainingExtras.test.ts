import { describe, expect, it } from 'vitest';
import { formatClassWeights, parseClassWeightText } from '../../src/renderer/features/training/classWeightText';
import { sparklinePoints } from '../../src/renderer/features/training/sparkline';

/**
 * What the Train view's class-weight field accepts, one weight per class in the dataset's
 * order, and what it refuses (naming the class); and the learning-rate sparkline's points.
 */
const IRIS = ['setosa', 'versicolor', 'virginica'];

describe('class weights typed in the Train view', () => {
  it.each([
    { what: 'one weight per class', text: '1, 2.5, 1', want: [1, 2.5, 1] },
    { what: 'no spaces, exponents, a zero', text: '0,1e1,.5', want: [0, 10, 0.5] },
    { what: 'spaces around', text: '  3 ,1 , 1  ', want: [3, 1, 1] },
  ])('reads $what', ({ text, want }) => {
    expect(parseClassWeightText(text, IRIS)).toEqual({ ok: true, value: want });
  });

  it.each([
    { what: 'nothing typed: asks for one per class, listing them', text: ' ', says: "Enter one weight per class, in this order: setosa, versicolor, virginica." },
    { what: 'too few: names the first class without one', text: '1, 2', says: "No weight for class 'virginica': give one weight per class (3: setosa, versicolor, virginica), in that order." },
    { what: 'too many: says how many classes there are', text: '1, 2, 3, 4', says: '4 weights, but the data has 3 classes (setosa, versicolor, virginica): give one weight per class, in that order.' },
    { what: 'a word: names its class', text: '1, heavy, 1', says: "Class 'versicolor': 'heavy' is not a number." },
    { what: 'a trailing comma: the last class has an empty weight', text: '1, 2,', says: "Class 'virginica': Enter a number." },
    { what: 'a negative weight: names its class', text: '1, 1, -2', says: "Class 'virginica': '-2' is below 0, the smallest allowed." },
    { what: 'a weight above the schema’s largest', text: '2e6, 1, 1', says: "Class 'setosa': '2e6' is above 1000000, the largest allowed." },
    { what: 'every weight 0: nothing would be trained', text: '0, 0, 0', says: 'At least one class needs a weight above 0.' },
  ])('refuses $what', ({ text, says }) => {
    expect(parseClassWeightText(text, IRIS)).toEqual({ ok: false, error: says });
  });

  it('shows weights as it reads them back', () => {
    const weights = [1, 2.5, 0.125];
    const shown = formatClassWeights(weights);
    expect(shown).toBe('1, 2.5, 0.125');
    expect(parseClassWeightText(shown, IRIS)).toEqual({ ok: true, value: weights });
  });
});

describe('the learning-rate sparkline', () => {
  it.each([
    { what: 'a halving every 2 epochs: 0 at the bottom, the largest at the top', values: [0.1, 0.1, 0.05, 0.05], want: '0,0 33.33,0 66.67,20 100,20' },
    { what: 'a cosine down to 0 reaches the bottom edge', values: [1, 0.5, 0], want: '0,0 50,20 100,40' },
    { what: 'one epoch: a flat line across', values: [0.01], want: '0,0 100,0' },
    { what: 'rates of 0: along the bottom', values: [0, 0], want: '0,40 100,40' },
    { what: 'no epochs: nothing', values: [], want: '' },
  ])('$what', ({ values, want }) => {
    expect(sparklinePoints(values, 100, 40)).toBe(want);
  });
});
