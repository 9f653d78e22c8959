import { promises as fs } from 'node:fs';
import path from 'node:path';
import { messageOf } from '../core/messageOf';
import { writeFileAtomic } from '../node/atomicWrite';
import { CliError } from './args';
import type { CliIO } from './io';

/**
 * Writes a file the user named, atomically (`writeFileAtomic`), so a reader never sees half
 * a file and a failed write leaves the old one. The folder must exist: a mistyped path is
 * an error, not a new folder.
 */
export async function writeUserFile(io: CliIO, file: string, data: string | Uint8Array): Promise<string> {
  const full = path.resolve(io.cwd, file);
  const folder = path.dirname(full);
  const stat = await fs.stat(folder).catch(() => null);
  if (!stat?.isDirectory()) throw new CliError(`cannot write ${file}: the folder ${path.dirname(file) || '.'} does not exist.`);
  const existing = await fs.stat(full).catch(() => null);
  if (existing?.isDirectory()) throw new CliError(`cannot write ${file}: it is a folder.`);
  try {
    await writeFileAtomic(full, data);
  } catch (error) {
    throw new CliError(`cannot write ${file}: ${messageOf(error)}.`);
  }
  return full;
}
