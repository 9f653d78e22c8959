import { constants, promises as fs } from 'node:fs';

/** Why a file was not read. */
export type ReadRefusal =
  | 'missing' // nothing by that name
  | 'folder' // a folder, not a file
  | 'not-a-file' // a FIFO, device, socket (or a link to one): reading could hang or never end
  | 'too-large' // more bytes than the caller allows
  | 'unreadable'; // EACCES, EIO and the like

/** A file that was refused before (or while) it was read; `reason` completes a sentence that starts with the file's name. */
export class FileReadError extends Error {
  constructor(
    readonly file: string,
    readonly refusal: ReadRefusal,
    readonly reason: string,
    readonly size?: number,
  ) {
    super(`${file} ${reason}`);
    this.name = 'FileReadError';
  }
}

/** A byte count for people: 1.5 GiB, 20 MiB, 512 bytes. */
export function formatBytes(bytes: number): string {
  const units: [number, string][] = [[2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB']];
  for (const [size, unit] of units) if (bytes >= size) return `${(bytes / size).toFixed(1).replace(/\.0$/, '')} ${unit}`;
  return `${bytes} bytes`;
}

/** "is 1 GiB; at most 64 MiB are read", in bytes where the rounded sizes would read alike. */
export function tooLargeReason(size: number, maxBytes: number): string {
  const [a, b] = formatBytes(size) === formatBytes(maxBytes) ? [`${size} bytes`, `${maxBytes} bytes`] : [formatBytes(size), formatBytes(maxBytes)];
  return `is ${a}; at most ${b} are read`;
}

function kindOf(stat: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function refusedOpen(file: string, error: unknown): FileReadError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new FileReadError(file, 'missing', 'does not exist');
  if (code === 'EISDIR') return new FileReadError(file, 'folder', 'is a folder; expected a file');
  return new FileReadError(file, 'unreadable', `cannot be read (${code ?? (error as Error).message})`);
}

/**
 * Reads a whole regular file of at most `maxBytes`. The file is opened without blocking (so
 * a FIFO cannot hang the caller), then its own handle is checked: a folder, a FIFO, a device
 * (a link to /dev/zero) or a socket is refused unread, and so is a file larger than
 * `maxBytes`, before any memory is allocated for it. Every refusal is a FileReadError.
 */
export async function readBoundedFile(file: string, maxBytes: number): Promise<Buffer> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw refusedOpen(file, error);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new FileReadError(file, 'folder', 'is a folder; expected a file');
    if (!stat.isFile()) throw new FileReadError(file, 'not-a-file', `is ${kindOf(stat)}, not a regular file`);
    if (stat.size > maxBytes) throw new FileReadError(file, 'too-large', tooLargeReason(stat.size, maxBytes), stat.size);
    // Read what the size said and no more: a file that grows meanwhile is not followed.
    const bytes = Buffer.alloc(stat.size);
    let at = 0;
    while (at < bytes.length) {
      const { bytesRead } = await handle.read(bytes, at, bytes.length - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return at === bytes.length ? bytes : bytes.subarray(0, at);
  } catch (error) {
    if (error instanceof FileReadError) throw error;
    throw refusedOpen(file, error);
  } finally {
    await handle.close();
  }
}
