import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CliError } from './args';
import type { CliIO } from './io';

/**
 * Writes a file the user named, atomically: a temporary file in the same folder, then a
 * rename, so a reader never sees half a file and a failed write leaves the old one.
 */
export async function writeUserFile(io: CliIO, file: string, data: string | Uint8Array): Promise<string> {
  const full = path.resolve(io.cwd, file);
  const folder = path.dirname(full);
  const stat = await fs.stat(folder).catch(() => null);
  if (!stat?.isDirectory()) throw new CliError(`cannot write ${file}: the folder ${path.dirname(file) || '.'} does not exist.`);
  const existing = await fs.stat(full).catch(() => null);
  if (existing?.isDirectory()) throw new CliError(`cannot write ${file}: it is a folder.`);
  const temporary = path.join(folder, `.${path.basename(full)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeFile(temporary, data);
    await fs.rename(temporary, full);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw new CliError(`cannot write ${file}: ${error instanceof Error ? error.message : String(error)}.`);
  }
  return full;
}

/** `-o FILE` as `--output FILE`, so commands can take the short form most tools use. */
export function expandOutputFlag(argv: readonly string[]): string[] {
  return argv.map((arg) => (arg === '-o' ? '--output' : arg.startsWith('-o=') ? `--output=${arg.slice(3)}` : arg));
}
