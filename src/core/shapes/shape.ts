/**
 * A tensor shape as Keras reports it: the batch dimension first (always `null`),
 * then the feature dimensions. A feature dimension may be `null` when it is unknown
 * (for example a sequence of any length).
 */
export type Dim = number | null;
export type Shape = readonly Dim[];

/** `(None, 26, 26, 64)`, as Keras's `model.summary()` prints it. */
export function formatShape(shape: Shape): string {
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/** `26×26×64`: a compact form for node badges and edge labels (batch dimension left out). */
export function formatShapeCompact(shape: Shape): string {
  const dims = shape.slice(1).map((d) => (d === null ? '?' : String(d)));
  return dims.length === 0 ? 'scalar' : dims.join('×');
}

/** The number of features in one sample, or null when a dimension is unknown. */
export function featureCount(shape: Shape): number | null {
  let n = 1;
  for (const d of shape.slice(1)) {
    if (d === null) return null;
    n *= d;
  }
  return n;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Rank without the batch dimension: 1 for a vector, 2 for a sequence, 3 for an image. */
export function featureRank(shape: Shape): number {
  return shape.length - 1;
}

export function batched(dims: readonly Dim[]): Shape {
  return [null, ...dims];
}
