import { promisify } from 'node:util';
import { inflate } from 'node:zlib';

const inflateAsync = promisify(inflate);

/**
 * The one check NetCanvas makes on a PNG before sharp decodes it: that its compressed image
 * data inflates to no more than its header allows. libpng stops at the header's size and
 * ignores the rest, which bounds memory but would accept a small file of compressed zeros that
 * stands for gigabytes (a decompression bomb) and spend the time inflating it; such a file is
 * refused instead (the data is inflated, into at most the header's size, and dropped). Structure, CRCs and pixels are left to sharp (libpng).
 */

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
/** Samples per pixel for each PNG colour type. */
const CHANNELS = new Map<number, number>([
  [0, 1],
  [2, 3],
  [3, 1],
  [4, 2],
  [6, 4],
]);
const COLOUR_NAMES = new Map<number, string>([
  [0, 'grey'],
  [2, 'RGB'],
  [3, 'palette'],
  [4, 'grey with alpha'],
  [6, 'RGBA'],
]);
/** Adam7's seven passes: first column and row, column and row step. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/** Bytes of filtered rows for a `width × height` picture of `bitsPerPixel`: each row a filter byte and its packed samples. */
function filteredBytes(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  const rows = (w: number, h: number) => (w === 0 || h === 0 ? 0 : h * (1 + Math.ceil((w * bitsPerPixel) / 8)));
  if (!interlaced) return rows(width, height);
  return ADAM7.reduce((sum, [x0, y0, dx, dy]) => sum + rows(Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy)), 0);
}

/** What is wrong with the PNG's size, or null when its image data is within what its header allows (or the file is left to libpng to judge). */
export async function checkPngBounds(bytes: Uint8Array): Promise<string | null> {
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8) !== 13 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return null;
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const bitDepth = bytes[24];
  const colourType = bytes[25];
  const interlaced = bytes[28] === 1;
  const channels = CHANNELS.get(colourType);
  if (!channels) return null;
  const expected = filteredBytes(width, height, channels * bitDepth, interlaced);
  const idat: Uint8Array[] = [];
  let at = 33;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (at + 12 + length > bytes.length) break;
    if (type === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    if (type === 'IEND') break;
    at += 12 + length;
  }
  if (idat.length === 0) return null;
  try {
    // Inflated on the thread pool, as sharp decodes: the main thread is not held.
    await inflateAsync(Buffer.concat(idat), { maxOutputLength: Math.max(1, expected) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      return `the image data inflates to more than the ${expected} bytes a ${width}×${height} ${COLOUR_NAMES.get(colourType)} picture holds`;
    }
  }
  return null;
}
