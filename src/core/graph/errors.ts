/** One thing wrong with a file, at a JSON path such as `nodes[2].config.units`. */
export interface DocumentIssue {
  readonly path: string;
  readonly message: string;
}

/** A file that cannot be opened: says where and what, never half-loads. */
export class DocumentError extends Error {
  constructor(
    readonly summary: string,
    readonly issues: readonly DocumentIssue[] = [],
  ) {
    super(DocumentError.describe(summary, issues));
    this.name = 'DocumentError';
  }

  static describe(summary: string, issues: readonly DocumentIssue[]): string {
    if (issues.length === 0) return summary;
    const shown = issues.slice(0, 8).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    const more = issues.length > 8 ? `; and ${issues.length - 8} more` : '';
    return `${summary}: ${shown.join('; ')}${more}.`;
  }
}

/** `nodes[2].config.units` from a zod issue path. */
export function jsonPath(path: readonly (string | number)[], prefix = ''): string {
  let out = prefix;
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out;
}
