import { describe, expect, it } from 'vitest';
import { parseNumber, type NumberRule } from '../../src/renderer/editor/numbers';

const WHOLE: NumberRule = { integer: true, min: 1 };
const FRACTION: NumberRule = { min: 0, max: 0.99 };

/** Each case: what is typed, under which rule, and the value taken or the reason it is refused. */
const CASES: readonly { typed: string; rule: NumberRule; takes?: number; refuses?: RegExp; asserts: string }[] = [
  { typed: '2.5', rule: WHOLE, refuses: /'2\.5' is not a whole number/, asserts: 'a fraction is not cut to its whole part' },
  { typed: '1e3', rule: WHOLE, takes: 1000, asserts: 'exponent notation is read whole, not up to the e' },
  { typed: '2.0', rule: WHOLE, takes: 2, asserts: 'a whole value written with a decimal point is whole' },
  { typed: '1e-3', rule: WHOLE, refuses: /not a whole number/, asserts: 'a negative exponent that makes a fraction is refused' },
  { typed: '12abc', rule: WHOLE, refuses: /'12abc' is not a whole number/, asserts: 'trailing letters refuse the value, not drop the letters' },
  { typed: 'abc12', rule: WHOLE, refuses: /'abc12' is not a whole number/, asserts: 'leading letters refuse the value' },
  { typed: ' 7 ', rule: WHOLE, takes: 7, asserts: 'surrounding spaces are ignored' },
  { typed: '', rule: WHOLE, refuses: /^Enter a whole number\.$/, asserts: 'an empty field asks for a value' },
  { typed: '   ', rule: {}, refuses: /^Enter a number\.$/, asserts: 'only spaces is empty' },
  { typed: '-1', rule: WHOLE, refuses: /'-1' is below 1/, asserts: 'a value under the minimum is refused' },
  { typed: '0', rule: WHOLE, refuses: /below 1/, asserts: 'the minimum is inclusive from above' },
  { typed: '1', rule: WHOLE, takes: 1, asserts: 'the minimum itself is taken' },
  { typed: '0x10', rule: WHOLE, refuses: /not a whole number/, asserts: 'hexadecimal is not decimal notation' },
  { typed: '1_000', rule: WHOLE, refuses: /not a whole number/, asserts: 'digit separators are refused' },
  { typed: '1e400', rule: {}, refuses: /too large/, asserts: 'a value past the float range is refused, not Infinity' },
  { typed: '1e20', rule: WHOLE, refuses: /too large for a whole number/, asserts: 'a whole number past 2^53 is refused' },
  { typed: 'Infinity', rule: {}, refuses: /not a number/, asserts: 'Infinity is not typed as a number' },
  { typed: '0.5', rule: FRACTION, takes: 0.5, asserts: 'a fraction in range is taken' },
  { typed: '.25', rule: FRACTION, takes: 0.25, asserts: 'a leading point is fine' },
  { typed: '5.', rule: {}, takes: 5, asserts: 'a trailing point is fine' },
  { typed: '1', rule: FRACTION, refuses: /'1' is above 0\.99/, asserts: 'a value over the maximum is refused' },
  { typed: '-0', rule: FRACTION, takes: 0, asserts: 'minus zero is zero' },
  { typed: '0.5.1', rule: {}, refuses: /not a number/, asserts: 'two points is not a number' },
  { typed: '1e', rule: {}, refuses: /not a number/, asserts: 'an unfinished exponent is refused' },
];

describe('parseNumber', () => {
  it.each(CASES)("'$typed': $asserts", ({ typed, rule, takes, refuses }) => {
    const parsed = parseNumber(typed, rule);
    if (takes !== undefined) {
      expect(parsed).toEqual({ ok: true, value: takes });
      expect(Object.is(parsed.ok && parsed.value, -0)).toBe(false);
    } else {
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.error).toMatch(refuses!);
    }
  });
});
