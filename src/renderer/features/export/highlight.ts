/** A piece of source code and what it is, for colouring. */
export interface Token {
  readonly kind: 'comment' | 'string' | 'number' | 'keyword' | 'function' | 'type' | 'plain';
  readonly text: string;
}

const KEYWORDS = new Set(
  'import export from as const let var function return if else for of in while async await new throw try catch finally class extends interface type typeof keyof readonly true false null undefined void default switch case break continue this'.split(' '),
);

const RULES: readonly [Token['kind'] | 'word', RegExp][] = [
  ['comment', /\/\/[^\n]*|\/\*[\s\S]*?\*\//y],
  ['string', /`(?:\\[\s\S]|\$\{[^}]*\}|[^`\\])*`|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"/y],
  ['number', /\b(?:0x[0-9a-fA-F_]+|\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?)\b/y],
  ['word', /[A-Za-z_$][\w$]*/y],
];

/**
 * Splits TypeScript into tokens for colouring: comments, strings, numbers, keywords,
 * called functions and type names. Not a parser; every character lands in exactly one
 * token, so joining the texts gives the source back.
 */
export function highlight(source: string): Token[] {
  const out: Token[] = [];
  let plain = '';
  const flush = (): void => {
    if (plain) out.push({ kind: 'plain', text: plain });
    plain = '';
  };
  let i = 0;
  outer: while (i < source.length) {
    for (const [kind, rule] of RULES) {
      rule.lastIndex = i;
      const m = rule.exec(source);
      if (!m || m[0].length === 0) continue;
      const text = m[0];
      flush();
      if (kind === 'word') {
        const rest = source.slice(i + text.length);
        const k: Token['kind'] = KEYWORDS.has(text) ? 'keyword' : /^\s*\(/.test(rest) ? 'function' : /^[A-Z]/.test(text) ? 'type' : 'plain';
        if (k === 'plain') plain += text;
        else out.push({ kind: k, text });
      } else {
        out.push({ kind, text });
      }
      i += text.length;
      continue outer;
    }
    plain += source[i];
    i += 1;
  }
  flush();
  return out;
}
