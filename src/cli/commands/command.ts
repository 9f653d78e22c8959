import type { FlagSpec } from '../args';
import type { CliIO } from '../io';

export interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** The flags `run` parses, and `netcanvas help NAME` lists. */
  readonly flags: FlagSpec;
  run(argv: readonly string[], io: CliIO): Promise<number>;
}
