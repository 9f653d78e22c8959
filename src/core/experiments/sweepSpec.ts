import { mulberry32 } from '../random';

/**
 * A sweep: which settings vary and over what values, and how trials are drawn from them.
 * Pure data; `expandSweep` turns it into the list of trials. A setting is named by its path
 * (`dropout_1.rate`, `optimizer.learningRate`, `batchSize`), applied by `applySettings`.
 */

/** One setting's value in a trial: a number, a word (`sgd`, `relu`), a switch, or an object (a regularizer), or null (none). */
export type SettingValue = number | string | boolean | null | { readonly [key: string]: SettingValue };

/** What one setting takes: a list of values, or a range from `from` to `to` in `steps` steps (linear or logarithmic). */
export type Domain =
  | { readonly kind: 'list'; readonly values: readonly SettingValue[] }
  | { readonly kind: 'range'; readonly from: number; readonly to: number; readonly steps: number; readonly scale: 'linear' | 'log' };

export interface Dimension {
  readonly path: string;
  readonly domain: Domain;
}

export interface SweepSpec {
  readonly dimensions: readonly Dimension[];
  /** Every combination (`grid`), or `trials` combinations drawn at random with `seed`. */
  readonly search: { readonly kind: 'grid' } | { readonly kind: 'random'; readonly trials: number; readonly seed: number };
}

/** One trial's settings, in the order of the sweep's dimensions: `[path, value]` pairs. */
export type TrialSettings = readonly (readonly [string, SettingValue])[];

/** A sweep that cannot be set up: the message names the setting, the value and what is wrong. */
export class SweepSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepSpecError';
  }
}

/** No sweep needs more trials than this; a grid that would is refused before it is made. */
export const MAX_TRIALS = 10_000;
/** A range has at most this many steps. */
export const MAX_STEPS = 1000;

const PATH = /^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const RANGE = /^(.+)\.\.(.+):(\d+)(:log|:linear)?$/;
const REGULARIZER = /^(l1|l2)\((.+)\)$/;
const L1L2 = /^l1_l2\((.+),(.+)\)$/;

/** Splits at commas outside parentheses: `l1_l2(0.1,0.2),none` → two items. */
function splitList(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      items.push(current);
      current = '';
    } else current += ch;
  }
  items.push(current);
  return items.map((s) => s.trim());
}

function parseNumber(text: string, what: string): number {
  if (!NUMBER.test(text.trim())) throw new SweepSpecError(`${what}: '${text}' is not a number`);
  return Number(text.trim());
}

/**
 * One value as written on a command line: a number (`0.3`, `1e-3`), `true`/`false`,
 * `none`/`null` (no regularizer), `l1(F)`, `l2(F)`, `l1_l2(A,B)` (a regularizer), or a word.
 */
export function parseValue(text: string, path: string): SettingValue {
  const t = text.trim();
  if (t === '') throw new SweepSpecError(`--vary ${path}: an empty value (two commas in a row, or one at the end)`);
  if (NUMBER.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'none' || t === 'null') return null;
  const reg = REGULARIZER.exec(t);
  if (reg) return { type: reg[1], factor: parseNumber(reg[2], `--vary ${path}`) };
  const both = L1L2.exec(t);
  if (both) return { type: 'l1_l2', l1: parseNumber(both[1], `--vary ${path}`), l2: parseNumber(both[2], `--vary ${path}`) };
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(t)) throw new SweepSpecError(`--vary ${path}: cannot read the value '${t}' (numbers, words, true/false, none, l1(F), l2(F), l1_l2(A,B))`);
  return t;
}

/**
 * Reads one `--vary` argument: `PATH=V1,V2,…` (a list), `PATH=A..B:N` (N values from A to
 * B, evenly spaced) or `PATH=A..B:N:log` (N values spaced evenly on a log scale). A range
 * whose ends are whole numbers gives whole numbers (`dense_1.units=64..1024:5:log`).
 */
export function parseVary(text: string): Dimension {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new SweepSpecError(`--vary '${text}': expected NAME=V1,V2,… or NAME=A..B:N[:log]`);
  const path = text.slice(0, eq).trim();
  const body = text.slice(eq + 1).trim();
  if (!PATH.test(path)) throw new SweepSpecError(`--vary '${text}': '${path}' is not a setting name (such as dropout_1.rate, optimizer or batchSize)`);
  if (body === '') throw new SweepSpecError(`--vary ${path}: no values after '='`);
  const range = RANGE.exec(body);
  if (range) {
    const what = `--vary ${path}`;
    const from = parseNumber(range[1], what);
    const to = parseNumber(range[2], what);
    const steps = Number(range[3]);
    const scale = range[4] === ':log' ? 'log' : 'linear';
    return { path, domain: checkRange({ kind: 'range', from, to, steps, scale }, path) };
  }
  const values = splitList(body).map((v) => parseValue(v, path));
  return { path, domain: { kind: 'list', values } };
}

function checkRange(domain: Extract<Domain, { kind: 'range' }>, path: string): Extract<Domain, { kind: 'range' }> {
  if (domain.steps < 1 || domain.steps > MAX_STEPS) throw new SweepSpecError(`--vary ${path}: a range takes 1 to ${MAX_STEPS} steps, got ${domain.steps}`);
  if (domain.scale === 'log' && (domain.from <= 0 || domain.to <= 0)) throw new SweepSpecError(`--vary ${path}: a log range needs both ends above 0, got ${domain.from} and ${domain.to}`);
  return domain;
}

const wholeRange = (d: Extract<Domain, { kind: 'range' }>) => Number.isInteger(d.from) && Number.isInteger(d.to);

/** Rounds away float noise (0.30000000000000004 → 0.3): 12 significant digits. */
function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

/** A range's value at `t` in [0, 1]: linear or log interpolation, whole for whole ends. */
function rangeAt(d: Extract<Domain, { kind: 'range' }>, t: number): number {
  const x = d.scale === 'log' ? Math.exp(Math.log(d.from) + t * (Math.log(d.to) - Math.log(d.from))) : d.from + t * (d.to - d.from);
  return wholeRange(d) ? Math.round(x) : tidy(x);
}

/** The values a dimension takes in a grid: its list, or its range's steps (both ends included). */
export function domainValues(domain: Domain): SettingValue[] {
  if (domain.kind === 'list') return [...domain.values];
  if (domain.steps === 1) return [domain.from];
  const values = Array.from({ length: domain.steps }, (_, i) => rangeAt(domain, i / (domain.steps - 1)));
  // Whole-number ranges can round two steps to one value; keep each once.
  return values.filter((v, i) => values.indexOf(v) === i);
}

/**
 * The trials of a sweep, in order. A grid is every combination, the first dimension
 * changing slowest. A random search draws `trials` combinations with its seed: a list's
 * value uniformly, a range's anywhere between its ends (log-uniformly on a log scale).
 * The same spec gives the same trials everywhere.
 */
export function expandSweep(spec: SweepSpec): TrialSettings[] {
  if (spec.dimensions.length === 0) throw new SweepSpecError('a sweep needs at least one --vary');
  const seen = new Set<string>();
  for (const d of spec.dimensions) {
    if (seen.has(d.path)) throw new SweepSpecError(`--vary ${d.path} is given twice; give its values in one --vary`);
    seen.add(d.path);
    if (d.domain.kind === 'list' && d.domain.values.length === 0) throw new SweepSpecError(`--vary ${d.path}: no values`);
    if (d.domain.kind === 'range') checkRange(d.domain, d.path);
  }
  if (spec.search.kind === 'random') {
    const { trials, seed } = spec.search;
    if (!Number.isInteger(trials) || trials < 1 || trials > MAX_TRIALS) throw new SweepSpecError(`--random takes 1 to ${MAX_TRIALS} trials, got ${trials}`);
    const random = mulberry32(seed);
    return Array.from({ length: trials }, () =>
      spec.dimensions.map(({ path, domain }) => {
        if (domain.kind === 'list') return [path, domain.values[Math.floor(random() * domain.values.length)]] as const;
        return [path, rangeAt(domain, random())] as const;
      }),
    );
  }
  const axes = spec.dimensions.map((d) => ({ path: d.path, values: domainValues(d.domain) }));
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  if (total > MAX_TRIALS) throw new SweepSpecError(`the grid has ${total} trials (${axes.map((a) => a.values.length).join(' × ')}); at most ${MAX_TRIALS}: vary fewer settings, or draw some at random with --random N`);
  let trials: TrialSettings[] = [[]];
  for (const axis of axes) trials = trials.flatMap((t) => axis.values.map((v) => [...t, [axis.path, v] as const]));
  return trials;
}

/** A value as the tables print it: `0.3`, `sgd`, `l2(0.001)`, `none`. */
export function formatValue(value: SettingValue): string {
  if (value === null) return 'none';
  if (typeof value === 'object') {
    const type = value.type;
    if (type === 'l1' || type === 'l2') return `${type}(${String(value.factor)})`;
    if (type === 'l1_l2') return `l1_l2(${String(value.l1)},${String(value.l2)})`;
    return JSON.stringify(value);
  }
  return String(value);
}
