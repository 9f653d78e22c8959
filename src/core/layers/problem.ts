import type { ProblemCode } from '../problems/codes';

/** A layer a fix adds: its kind, and settings that differ from the kind's defaults. */
export interface FixLayer {
  readonly layer: string;
  readonly config?: Record<string, unknown>;
}

/**
 * A fix the editor can offer for a problem: insert a layer kind before the node (between
 * it and what feeds it), insert layers after it (between it and what it feeds), or set a field.
 */
export type Fix =
  | { readonly kind: 'insert-before'; readonly layer: string; readonly config?: Record<string, unknown> }
  | { readonly kind: 'insert-after'; readonly layers: readonly FixLayer[] }
  | { readonly kind: 'set-field'; readonly field: string; readonly value: unknown };

/** What a fix does, as a button says it: `Insert Flatten before`, `Set units to 10`. */
export function describeFix(fix: Fix): string {
  switch (fix.kind) {
    case 'insert-before':
      return fix.config && Array.isArray(fix.config.targetShape) ? `Insert ${fix.layer} to ${fix.config.targetShape.join('×')} before` : `Insert ${fix.layer} before`;
    case 'insert-after':
      return `Add ${fix.layers.map((l) => l.layer).join(' and ')} after`;
    case 'set-field':
      return `Set ${fix.field} to ${Array.isArray(fix.value) ? fix.value.join('×') : String(fix.value)}`;
  }
}

/** A layer's config that its schema accepts but that cannot work, from `LayerSpec.checkConfig`. */
export interface ConfigIssue {
  readonly code: ProblemCode;
  /** Says what is wrong, without the layer's name (the analysis adds it). */
  readonly message: string;
  readonly field?: string;
  readonly fix?: Fix;
}

/**
 * The Reshape that turns a sample of `shape` (batch dimension first) into an image or a
 * sequence of the same values, as a fix offers it: a square vector becomes a square grey
 * image (28×28×1 for 784 values) or a square sequence; an image becomes a sequence of its rows.
 * Undefined where no shape is the obvious one.
 */
export function reshapeFix(shape: readonly (number | null)[], into: 'image' | 'sequence'): Fix | undefined {
  const dims = shape.slice(1);
  if (dims.some((d) => d === null)) return undefined;
  const known = dims as number[];
  let targetShape: number[] | undefined;
  if (known.length === 1) {
    const side = Math.round(Math.sqrt(known[0]));
    if (side * side === known[0]) targetShape = into === 'image' ? [side, side, 1] : [side, side];
  } else if (known.length === 3 && into === 'sequence') {
    targetShape = [known[0], known[1] * known[2]];
  }
  return targetShape ? { kind: 'insert-before', layer: 'Reshape', config: { targetShape } } : undefined;
}

/** Raised by a layer's shape inference when its input or config cannot work. */
export class ShapeError extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly field?: string,
    readonly fix?: Fix,
  ) {
    super(message);
    this.name = 'ShapeError';
  }
}
