/** A piece of TypeScript written as it is, not as a value: a call, a constant's name. */
export class Code {
  constructor(readonly text: string) {}
}

export const code = (text: string): Code => new Code(text);

/** A value as a TypeScript literal: `'relu'`, `[3, 5]`, `{ l2: 0.001 }`; `Code` is written verbatim. */
export function literal(value: unknown): string {
  if (value instanceof Code) return value.text;
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a TypeScript literal`);
    return Object.is(value, -0) ? '0' : String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, v]) => `${propertyName(k)}: ${literal(v)}`).join(', ')} }`;
  }
  throw new Error(`cannot write a ${typeof value} as a TypeScript literal`);
}

/** A single-quoted string literal. */
export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'`;
}

function propertyName(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : quote(key);
}

/** Text safe inside a `/* … *\/` or `//` comment. */
export function commentText(text: string): string {
  return text.replace(/\*\//g, '* /').replace(/[\r\n\u2028\u2029]+/g, ' ');
}

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package ' +
    'private protected public await async of undefined NaN Infinity arguments eval tf model buildModel'
  ).split(' '),
);

/** A camelCase variable name for a node id (`max_pooling2d_1` → `maxPooling2d1`), unique among `used`. */
export function variableName(id: string, used: Set<string>): string {
  const parts = id.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const [first = 'layer', ...rest] = parts;
  const head = first === first.toUpperCase() ? first.toLowerCase() : first[0].toLowerCase() + first.slice(1);
  let base = head + rest.map((p) => p[0].toUpperCase() + p.slice(1)).join('');
  if (!/^[A-Za-z_$]/.test(base)) base = `layer${base}`;
  if (RESERVED.has(base)) base = `${base}Layer`;
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}${i}`;
  used.add(name);
  return name;
}
