import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { FileReadError, readBoundedFile } from '../../node/readBounded';
import { DatasetError } from './errors';
import { messageOf } from '../../core/messageOf';

const gunzipAsync = promisify(gunzip);

/** No IDX file of these datasets is larger (train images: 47,040,016 bytes); more is refused, not read. */
export const MAX_IDX_BYTES = 64 * 1024 * 1024;

/** Whether bytes start as gzip does (IDX files start with two zero bytes). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The uncompressed content of a file's bytes: gunzipped (off the main thread) when they are gzip, as they are otherwise. */
export async function uncompress(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    return await gunzipAsync(bytes, { maxOutputLength: MAX_IDX_BYTES });
  } catch (error) {
    const reason = messageOf(error);
    throw new DatasetError(file, `is not valid gzip data (${reason}): the file is truncated or corrupt`);
  }
}

/** A data file's bytes, read by the one bounded reader (a regular file of at most `maxBytes`, checked before it is read), its refusals as DatasetErrors. */
export async function readDataFile(file: string, maxBytes: number): Promise<Uint8Array> {
  try {
    return await readBoundedFile(file, maxBytes);
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    throw new DatasetError(file, error.refusal === 'missing' ? 'not found' : error.reason);
  }
}

/** Reads a file (a regular file of at most MAX_IDX_BYTES, checked before it is read) and uncompresses it when it is gzip. */
export async function readIdxBytes(file: string): Promise<Uint8Array> {
  return uncompress(await readDataFile(file, MAX_IDX_BYTES), file);
}

/** SHA-256 of bytes, as lowercase hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
