import { CLASS_COUNT, IMAGE_COLUMNS, IMAGE_ROWS } from './catalogue';
import { DatasetError } from './errors';

/** IDX magic numbers: unsigned bytes, then 3 dimensions (images) or 1 (labels). */
export const IDX_IMAGES_MAGIC = 2051;
export const IDX_LABELS_MAGIC = 2049;

const IMAGES_HEADER_BYTES = 16;
const LABELS_HEADER_BYTES = 8;

export interface IdxImages {
  readonly count: number;
  readonly rows: number;
  readonly columns: number;
  /** count × rows × columns bytes: a view into `bytes`, past the header. */
  readonly pixels: Uint8Array;
}

/**
 * Reads an IDX3 image file (already uncompressed): magic 2051, then the image count,
 * rows and columns as big-endian uint32, then the pixels. Refuses anything else,
 * naming `file`: a short header, another magic number, images that are not 28×28, or
 * a body longer or shorter than the header says. The pixels are a view into `bytes`.
 * With `anySize` (an own IDX folder) images of any non-empty size are read.
 */
export function parseIdxImages(bytes: Uint8Array, file: string, anySize = false): IdxImages {
  const header = readHeader(bytes, file, IDX_IMAGES_MAGIC, IMAGES_HEADER_BYTES, 'an IDX image file');
  const count = header.getUint32(4);
  const rows = header.getUint32(8);
  const columns = header.getUint32(12);
  if (anySize && (rows === 0 || columns === 0)) throw new DatasetError(file, `images are ${rows}×${columns}: empty`);
  if (!anySize && (rows !== IMAGE_ROWS || columns !== IMAGE_COLUMNS)) {
    throw new DatasetError(file, `images are ${rows}×${columns}, expected ${IMAGE_ROWS}×${IMAGE_COLUMNS}`);
  }
  checkBodyLength(bytes, file, IMAGES_HEADER_BYTES, count, rows * columns, 'images');
  return { count, rows, columns, pixels: bytes.subarray(IMAGES_HEADER_BYTES, IMAGES_HEADER_BYTES + count * rows * columns) };
}

/**
 * Reads an IDX1 label file (already uncompressed): magic 2049, the label count as a
 * big-endian uint32, then one byte per label, each a class below `classCount` (0–9 by default). Returns a view into
 * `bytes`, past the header (no copy: the images of MNIST alone are 47 MB).
 */
export function parseIdxLabels(bytes: Uint8Array, file: string, classCount: number = CLASS_COUNT): Uint8Array {
  const header = readHeader(bytes, file, IDX_LABELS_MAGIC, LABELS_HEADER_BYTES, 'an IDX label file');
  const count = header.getUint32(4);
  checkBodyLength(bytes, file, LABELS_HEADER_BYTES, count, 1, 'labels');
  const labels = bytes.subarray(LABELS_HEADER_BYTES, LABELS_HEADER_BYTES + count);
  for (let i = 0; i < count; i++) {
    if (labels[i] >= classCount) throw new DatasetError(file, `label ${labels[i]} at index ${i} is not a class 0–${classCount - 1}`);
  }
  return labels;
}

function readHeader(bytes: Uint8Array, file: string, magic: number, headerBytes: number, what: string): DataView {
  const view = new DataView(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, headerBytes));
  // The magic number first: a file of the wrong kind is named as such even when it is short.
  const found = bytes.length >= 4 ? view.getUint32(0) : undefined;
  if (found !== undefined && found !== magic) {
    const hint = found === IDX_IMAGES_MAGIC ? ' (an image file)' : found === IDX_LABELS_MAGIC ? ' (a label file)' : '';
    throw new DatasetError(file, `magic number is ${found}${hint}, expected ${magic} for ${what}`);
  }
  if (bytes.length < headerBytes) {
    throw new DatasetError(file, `truncated: ${bytes.length} bytes, shorter than the ${headerBytes}-byte header of ${what}`);
  }
  return view;
}

function checkBodyLength(bytes: Uint8Array, file: string, headerBytes: number, count: number, itemBytes: number, items: string): void {
  const expected = headerBytes + count * itemBytes;
  if (bytes.length < expected) {
    throw new DatasetError(file, `truncated: the header announces ${count} ${items} (${expected} bytes) but the file has ${bytes.length} bytes`);
  }
  if (bytes.length > expected) {
    throw new DatasetError(file, `${bytes.length - expected} unexpected bytes after the ${count} ${items} the header announces`);
  }
}

