import path from 'node:path';
import { MAX_DOCUMENT_BYTES } from '../core/graph/load';
import { FileReadError, readBoundedFile } from '../node/readBounded';
import { CliError } from './args';

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout is a terminal (progress bars redraw in place). */
  readonly isTTY: boolean;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Reads a file the user named, as bytes, refusing what is missing, a folder, a FIFO or device, or too large, with its name. */
export async function readUserBytes(io: CliIO, file: string, limit: number, expected = 'a file'): Promise<Buffer> {
  try {
    return await readBoundedFile(path.resolve(io.cwd, file), limit);
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    switch (error.refusal) {
      case 'missing':
        throw new CliError(`${file}: no such file.`);
      case 'folder':
        throw new CliError(`${file} is a folder; expected ${expected}.`);
      case 'too-large':
        throw new CliError(`${file} ${error.reason}.`);
      default:
        throw new CliError(`${file} ${error.reason}; expected ${expected}.`);
    }
  }
}

/** Reads a text file the user named, refusing what is missing, a folder, a FIFO or device, or too large, with its name. */
export async function readUserFile(io: CliIO, file: string, limit = MAX_DOCUMENT_BYTES): Promise<string> {
  return (await readUserBytes(io, file, limit)).toString('utf8');
}
