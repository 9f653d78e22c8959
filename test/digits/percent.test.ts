import { describe, expect, it } from 'vitest';
import { formatPercent } from '../../src/core/digits/percent';

/** The figure a person reads back from a formatted percentage, as a fraction, and how far off one decimal may be. */
function readBack(text: string): { low: number; high: number } {
  const m = /^([<>]?)(\d+(?:\.\d)?)%$/.exec(text);
  if (!m) throw new Error(`not a percentage: ${text}`);
  const v = Number(m[2]) / 100;
  if (m[1] === '<') return { low: 0, high: v };
  if (m[1] === '>') return { low: v, high: 1 };
  return { low: v - 0.0005, high: v + 0.0005 };
}

describe('formatPercent: one decimal everywhere, never rounded up to 100% or down to 0%', () => {
  it.each([
    { what: 'a sure but not certain reading stays below 100%', value: 0.997, text: '99.7%' },
    { what: 'a reading one decimal would round to 100% says so', value: 0.99971, text: '>99.9%' },
    { what: 'only exactly 1 is 100%', value: 1, text: '100%' },
    { what: 'only exactly 0 is 0%', value: 0, text: '0%' },
    { what: 'a tiny probability is not 0%', value: 0.0002, text: '<0.1%' },
    { what: 'small probabilities keep their decimal', value: 0.001, text: '0.1%' },
    { what: 'a middle value', value: 0.4567, text: '45.7%' },
  ])('$what: $value → $text', ({ value, text }) => {
    expect(formatPercent(value)).toBe(text);
  });

  it('the pad of issue 15: 99.7%, 0.1% and 0.2% are shown as such and add up to 100%', () => {
    const probabilities = [0.997, 0.001, 0.002];
    const shown = probabilities.map(formatPercent);
    expect(shown).toEqual(['99.7%', '0.1%', '0.2%']);
    expect(shown.map((t) => Number(t.slice(0, -1))).reduce((a, b) => a + b, 0)).toBeCloseTo(100, 6);
  });

  it('every value in [0, 1] reads back within what it says', () => {
    for (let i = 0; i <= 20_000; i++) {
      const value = i / 20_000;
      const { low, high } = readBack(formatPercent(value));
      expect(value).toBeGreaterThanOrEqual(low - 1e-12);
      expect(value).toBeLessThanOrEqual(high + 1e-12);
      if (value < 1) expect(formatPercent(value)).not.toBe('100%');
      if (value > 0) expect(formatPercent(value)).not.toBe('0%');
    }
  });
});
