import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataFingerprint } from '../core/data/choices';

/** The most files a folder's fingerprint looks at; a larger folder is refused by name. */
export const MAX_FINGERPRINT_FILES = 2_000_000;

/**
 * A dataset's fingerprint (see `fingerprintSchema`): a file's size and SHA-256, streamed; a
 * folder's file count, total size and the SHA-256 of its files' relative names and sizes in
 * sorted order (reading every picture of a large folder would take minutes; a changed picture
 * almost always changes its size). Hidden files and links out are not followed.
 */
export async function fingerprintData(path: string): Promise<DataFingerprint> {
  const info = await stat(path);
  if (info.isFile()) {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return { bytes: info.size, files: 1, sha256: hash.digest('hex') };
  }
  const lines: string[] = [];
  let bytes = 0;
  const walk = async (folder: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = join(folder, entry.name);
      if (entry.isDirectory()) await walk(full, `${prefix}${entry.name}/`);
      else if (entry.isFile()) {
        if (lines.length >= MAX_FINGERPRINT_FILES) throw new RangeError(`${path} holds more than ${MAX_FINGERPRINT_FILES} files`);
        const size = (await stat(full)).size;
        bytes += size;
        lines.push(`${prefix}${entry.name}\t${size}`);
      }
    }
  };
  await walk(path, '');
  lines.sort();
  return { bytes, files: lines.length, sha256: createHash('sha256').update(lines.join('\n')).digest('hex') };
}
