/**
 * How a number typed into a field is read: taken whole or refused with a reason, never
 * cut to the part that parses ("2.5" is not read as 2, nor "12abc" as 12).
 */

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** What a field accepts: whole numbers only, and an inclusive range. */
export interface NumberRule {
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
}

/** Decimal notation with an optional exponent: `7`, `-0.5`, `.25`, `1e3`; not `0x10`, `Infinity` or `1_000`. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

const refuse = (error: string): Parsed<number> => ({ ok: false, error });

/**
 * Reads `text` as a number under `rule`. Surrounding spaces are ignored; a whole-number
 * field accepts any notation whose value is a whole number (`1e3` is 1000, `2.0` is 2).
 */
export function parseNumber(text: string, rule: NumberRule = {}): Parsed<number> {
  const t = text.trim();
  const what = rule.integer ? 'a whole number' : 'a number';
  if (t === '') return refuse(`Enter ${what}.`);
  if (!DECIMAL.test(t)) return refuse(`'${t}' is not ${what}.`);
  const n = Number(t);
  if (!Number.isFinite(n)) return refuse(`'${t}' is too large.`);
  if (rule.integer && !Number.isInteger(n)) return refuse(`'${t}' is not a whole number.`);
  if (rule.integer && !Number.isSafeInteger(n)) return refuse(`'${t}' is too large for a whole number.`);
  if (rule.min !== undefined && n < rule.min) return refuse(`'${t}' is below ${rule.min}, the smallest allowed.`);
  if (rule.max !== undefined && n > rule.max) return refuse(`'${t}' is above ${rule.max}, the largest allowed.`);
  return { ok: true, value: n === 0 ? 0 : n };
}
