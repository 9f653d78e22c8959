import type { CliIO } from '../io';

export interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  run(argv: readonly string[], io: CliIO): Promise<number>;
}
