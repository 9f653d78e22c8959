/** A fix the editor can offer for a problem: insert a layer kind before the node, or set a field. */
export type Fix =
  | { readonly kind: 'insert-before'; readonly layer: string }
  | { readonly kind: 'set-field'; readonly field: string; readonly value: unknown };

/** Raised by a layer's shape inference when its input or config cannot work. */
export class ShapeError extends Error {
  constructor(
    message: string,
    readonly field?: string,
    readonly fix?: Fix,
  ) {
    super(message);
    this.name = 'ShapeError';
  }
}
