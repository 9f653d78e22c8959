import type { FieldSpec } from '../../../../core/layers/spec';

/** What every inspector control gets: its field, the node's value, the core's error for it, and how to change it. */
export interface FieldProps<F extends FieldSpec['type'] = FieldSpec['type']> {
  readonly field: Extract<FieldSpec, { type: F }>;
  readonly value: unknown;
  readonly error?: string;
  onChange(value: unknown): void;
  /** A text field's edits between focus and blur are one undo step. */
  onEditStart(): void;
  onEditEnd(): void;
}
