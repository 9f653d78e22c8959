import { promises as fs } from 'node:fs';
import path from 'node:path';
import { MAX_DOCUMENT_BYTES } from '../core/graph/load';
import { CliError } from './args';

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout is a terminal (progress bars redraw in place). */
  readonly isTTY: boolean;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Reads a text file the user named, refusing what is missing, a folder, or too large, with its name. */
export async function readUserFile(io: CliIO, file: string, limit = MAX_DOCUMENT_BYTES): Promise<string> {
  const full = path.resolve(io.cwd, file);
  let stat;
  try {
    stat = await fs.stat(full);
  } catch {
    throw new CliError(`${file}: no such file.`);
  }
  if (stat.isDirectory()) throw new CliError(`${file} is a folder; expected a file.`);
  if (stat.size > limit) throw new CliError(`${file} is ${(stat.size / 2 ** 20).toFixed(1)} MiB; NetCanvas reads files of at most ${(limit / 2 ** 20).toFixed(0)} MiB.`);
  return fs.readFile(full, 'utf8');
}
